import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import { CONSUMERS, DomainError, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { DurablePullLoop, ensureDurableConsumer, ensureStream } from '@fulcrum/messaging';
import { NATS_CONNECTION } from '../infrastructure/infrastructure.tokens';
import { decodeDecisionBatch } from './decision-batch.decoder';
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
 * Durable JetStream pull consumer of decisions (stream DECISIONS). Each message goes through the
 * same service code as an RPC call (valid rows stored once, idempotent by decisionId; invalid rows
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
    try {
      if (!decoded.ok) {
        await this.decisions.rejectMessage({ streamSeq: m.seq, modelVersionId: decoded.modelVersionId, actor: decoded.actor, code: decoded.code, reason: decoded.reason, payload: decoded.payload });
        this.logger.warn(`decision message ${m.seq} kept aside: ${decoded.reason}`);
      } else {
        await this.decisions.record(decoded.batch, { streamSeq: m.seq });
      }
      m.ack();
    } catch (error) {
      if (decoded.ok && error instanceof DomainError && PERMANENT_CODES.has(error.code)) {
        await this.setAside(m, decoded.batch, error.code, error.message);
        return;
      }
      await this.retryOrSetAside(m, error);
    }
  }

  private async retryOrSetAside(m: JsMsg, cause: unknown): Promise<void> {
    const message = (cause as Error)?.message ?? String(cause);
    if (m.info.redeliveryCount < MAX_APPLY_ATTEMPTS) {
      this.logger.warn(`decision message ${m.seq} failed (attempt ${m.info.redeliveryCount}): ${message}; retrying later`);
      m.nak(RETRY_DELAY_MS * m.info.redeliveryCount);
      return;
    }
    const decoded = decodeDecisionBatch(m.data);
    await this.setAside(m, decoded.ok ? decoded.batch : null, 'APPLY_FAILED', `apply failed ${m.info.redeliveryCount} times: ${message}`);
  }

  private async setAside(m: JsMsg, batch: { modelVersionId: string; actor: string } | null, code: string, reason: string): Promise<void> {
    try {
      await this.decisions.rejectMessage({ streamSeq: m.seq, modelVersionId: batch?.modelVersionId ?? null, actor: batch?.actor ?? null, code, reason, payload: m.string() });
      const log = code === 'APPLY_FAILED' ? this.logger.error.bind(this.logger) : this.logger.warn.bind(this.logger);
      log(`decision message ${m.seq} kept aside (${code}): ${reason}`);
      m.ack();
    } catch (error) {
      this.logger.error(`decision message ${m.seq} could not be kept aside (${(error as Error).message}); will be redelivered`);
      m.nak(RETRY_DELAY_MS);
    }
  }
}
