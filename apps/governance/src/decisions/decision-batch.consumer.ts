import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import { CONSUMERS, DomainError, type RecordDecisionsRequest, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { DurablePullLoop, ENVELOPE_HEADERS, ensureDurableConsumer, ensureStream, envelopeFromHeaders } from '@fulcrum/messaging';
import { NATS_CONNECTION } from '../infrastructure/infrastructure.tokens';
import type { RequestActor } from '../infrastructure/request-actor';
import { RegistryReader } from '../registry/registry-reader.port';
import { type DecodedDecisionBatch, decodeDecisionBatch } from './decision-batch.decoder';
import { DecisionsService } from './decisions.service';

/**
 * A message not acknowledged within this long is redelivered (e.g. after a crash). A 10,000-row
 * message takes seconds; a slow one that outlives this is only redelivered, and recording is
 * idempotent by decisionId.
 */
const ACK_WAIT_MS = 60_000;
/** Messages pulled ahead of the one being applied (each holds up to 10,000 decisions). */
const PULL_AHEAD = 8;
const RETRY_DELAY_MS = 1_000;
/** Deliveries of a message that keeps failing on our side before it is set aside in `rejected_decisions`. */
const MAX_APPLY_ATTEMPTS = 5;
/** Errors that retrying cannot fix: the message is kept aside at once. */
const PERMANENT_CODES = new Set(['MODEL_VERSION_NOT_FOUND', 'VALIDATION_FAILED']);

/**
 * Durable JetStream pull consumer of decisions (stream DECISIONS). Each message names its project
 * (v2; the publisher is its envelope's actor header) and goes through the same service code as an
 * RPC call (valid rows stored once, idempotent by decisionId; invalid rows
 * kept in `rejected_decisions` with their reason, in the same transaction) and is acknowledged only
 * after that transaction committed. A message that cannot be applied at all is kept aside whole;
 * nothing is dropped.
 */
@Injectable()
export class DecisionBatchConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DecisionBatchConsumer.name);
  private readonly loop: DurablePullLoop;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly decisions: DecisionsService,
    private readonly registry: RegistryReader,
  ) {
    this.loop = new DurablePullLoop(nc, {
      stream: STREAMS.decisions.name,
      durableName: CONSUMERS.governanceDecisions,
      pullAhead: PULL_AHEAD,
      maxBatch: 1,
      retryDelayMs: RETRY_DELAY_MS,
      logger: this.logger,
      handle: async (batch) => {
        for (const m of batch) await this.apply(m);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, STREAMS.decisions);
    await ensureDurableConsumer(jsm, {
      stream: STREAMS.decisions.name,
      durableName: CONSUMERS.governanceDecisions,
      filterSubject: SUBJECTS.decisionsRecorded,
      ackWaitMs: ACK_WAIT_MS,
      maxAckPending: PULL_AHEAD * 2,
    });
    this.loop.start();
  }

  /** Before the database closes (onApplicationShutdown): finish the message in hand, stop pulling. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  private async apply(m: JsMsg): Promise<void> {
    const decoded = decodeDecisionBatch(m.data);
    let target: BatchTarget | undefined;
    try {
      if (!decoded.ok) {
        await this.decisions.rejectMessage({
          streamSeq: m.seq,
          projectId: decoded.projectId,
          modelVersionId: decoded.modelVersionId,
          actor: decoded.actor ?? header(m, ENVELOPE_HEADERS.actorId),
          code: decoded.code,
          reason: decoded.reason,
          payload: decoded.payload,
        });
        this.logger.warn(`decision message ${m.seq} kept aside: ${decoded.reason}`);
        m.ack();
        return;
      }
      const resolved = await this.target(m, decoded.batch);
      if ('code' in resolved) {
        await this.setAside(m, resolved.known, resolved.code, resolved.reason);
        return;
      }
      target = resolved;
      await this.decisions.record(target.request, target.actor, { streamSeq: m.seq });
      m.ack();
    } catch (error) {
      if (target && error instanceof DomainError && PERMANENT_CODES.has(error.code)) {
        await this.setAside(m, known(target), error.code, error.message);
        return;
      }
      await this.retryOrSetAside(m, error);
    }
  }

  /**
   * The project, version and actor a decoded message records under. v2: the project it names, the
   * actor of its envelope headers (none: ACTOR_MISSING, kept aside; the envelope's project header,
   * if any, is only trace context — the payload's projectId decides). v1 (from before projects):
   * the project of its model version (none: MODEL_VERSION_NOT_FOUND) and the actor it names.
   */
  private async target(m: JsMsg, batch: DecodedDecisionBatch): Promise<BatchTarget | { code: string; reason: string; known: KnownFields }> {
    const request = { modelVersionId: batch.modelVersionId, decisions: batch.decisions };
    if (batch.v === 2) {
      const known = { projectId: batch.projectId, modelVersionId: batch.modelVersionId, actor: header(m, ENVELOPE_HEADERS.actorId) };
      let envelope;
      try {
        envelope = envelopeFromHeaders(m.headers);
      } catch (error) {
        // No (well-formed) actor header: ACTOR_MISSING; a malformed other header: VALIDATION_FAILED.
        if (error instanceof DomainError) return { code: error.code, reason: error.message, known };
        throw error;
      }
      return {
        request: { ...request, projectId: batch.projectId as string },
        actor: { id: envelope.actorId, name: envelope.actorName?.trim() || null },
      };
    }
    const projectId = await this.registry.projectOfVersion(batch.modelVersionId);
    const actor = { id: batch.payloadActor as string, name: null };
    if (projectId === null) {
      return {
        code: 'MODEL_VERSION_NOT_FOUND',
        reason: `No model version ${batch.modelVersionId} in a project (a v1 message records under its version's project)`,
        known: { projectId: null, modelVersionId: batch.modelVersionId, actor: actor.id },
      };
    }
    return { request: { ...request, projectId }, actor };
  }

  private async retryOrSetAside(m: JsMsg, cause: unknown): Promise<void> {
    const message = (cause as Error)?.message ?? String(cause);
    if (m.info.redeliveryCount < MAX_APPLY_ATTEMPTS) {
      this.logger.warn(`decision message ${m.seq} failed (attempt ${m.info.redeliveryCount}): ${message}; retrying later`);
      m.nak(RETRY_DELAY_MS * m.info.redeliveryCount);
      return;
    }
    const decoded = decodeDecisionBatch(m.data);
    const fields: KnownFields = decoded.ok
      ? { projectId: decoded.batch.projectId, modelVersionId: decoded.batch.modelVersionId, actor: decoded.batch.payloadActor ?? header(m, ENVELOPE_HEADERS.actorId) }
      : null;
    await this.setAside(m, fields, 'APPLY_FAILED', `apply failed ${m.info.redeliveryCount} times: ${message}`);
  }

  private async setAside(m: JsMsg, fields: KnownFields, code: string, reason: string): Promise<void> {
    try {
      await this.decisions.rejectMessage({
        streamSeq: m.seq,
        projectId: fields?.projectId ?? null,
        modelVersionId: fields?.modelVersionId ?? null,
        actor: fields?.actor ?? null,
        code,
        reason,
        payload: m.string(),
      });
      const log = code === 'APPLY_FAILED' ? this.logger.error.bind(this.logger) : this.logger.warn.bind(this.logger);
      log(`decision message ${m.seq} kept aside (${code}): ${reason}`);
      m.ack();
    } catch (error) {
      this.logger.error(`decision message ${m.seq} could not be kept aside (${(error as Error).message}); will be redelivered`);
      m.nak(RETRY_DELAY_MS);
    }
  }
}

/** What a batch is recorded as: the RPC request it stands for, and who published it. */
interface BatchTarget {
  request: RecordDecisionsRequest;
  actor: RequestActor;
}

/** What could be read of a message that is kept aside. */
type KnownFields = { projectId: string | null; modelVersionId: string | null; actor: string | null } | null;

function known(target: BatchTarget): KnownFields {
  return { projectId: target.request.projectId, modelVersionId: target.request.modelVersionId, actor: target.actor.id };
}

function header(m: JsMsg, name: string): string | null {
  const value = m.headers?.get(name)?.trim();
  return value ? value.slice(0, 1_000) : null;
}
