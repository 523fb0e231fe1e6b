import { Logger } from '@nestjs/common';
import { type ClientProxy, type NatsRecord, NatsRecordBuilder } from '@nestjs/microservices';
import type { MsgHdrs } from 'nats';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import { DomainError, isDomainErrorPayload, type RpcMap, type RpcReply, type RpcRequest } from '@fulcrum/contracts';
import { rpcEnvelopeHeaders } from '../envelope/envelope.headers';
import { type RequestEnvelope, currentEnvelope, withEnvelopeSync } from '../envelope/request-envelope';
import { isBrokerUnavailable } from '../nats/nats-error.classifier';

export interface RpcClientOptions {
  /**
   * The envelope of a request made outside any request being handled (tools, tests): a value, or
   * a function called per request (e.g. `() => serviceEnvelope('cli')` for a new request id each
   * time). Services leave it out: their requests carry the envelope of the request in hand.
   */
  defaultEnvelope?: RequestEnvelope | (() => RequestEnvelope);
}

export interface RpcRequestOptions {
  /** Overrides the client's timeout for a command known to take longer. */
  timeoutMs?: number;
  /** Sends this envelope instead of the current one. */
  envelope?: RequestEnvelope;
}

/**
 * Typed request/reply over NATS: the subject fixes the payload and reply types (see `RpcMap`).
 * Every request carries the request envelope as NATS headers: `options.envelope` (the gateway always
 * passes its request's), else the current one (`currentEnvelope()`, in services), else the client's
 * `defaultEnvelope`; with none, the request is not sent and the call throws (a caller bug: nobody
 * may act anonymously on the bus).
 * Remote domain errors come back as `DomainError`s with their original code; an absent or slow
 * service becomes `SERVICE_UNAVAILABLE`; anything else `INTERNAL` (and is logged, not leaked).
 */
export class RpcClient {
  private readonly logger = new Logger(RpcClient.name);

  constructor(
    private readonly proxy: ClientProxy,
    private readonly timeoutMs = 15_000,
    private readonly options: RpcClientOptions = {},
  ) {}

  async request<S extends keyof RpcMap>(subject: S, payload: RpcRequest<S>, options: RpcRequestOptions = {}): Promise<RpcReply<S>> {
    const envelope = this.envelopeFor(subject, options.envelope);
    // The envelope's headers, one hop further on the trace; the payload's `projectId` when the envelope names no project.
    const headers = rpcEnvelopeHeaders(envelope, (payload as { projectId?: unknown } | null)?.projectId);
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    try {
      return await firstValueFrom(
        this.proxy.send<RpcReply<S>, NatsRecord<RpcRequest<S>, MsgHdrs>>(subject, record).pipe(timeout(options.timeoutMs ?? this.timeoutMs)),
      );
    } catch (error) {
      // The log lines name the request even where no async context carries it (the gateway).
      throw withEnvelopeSync(envelope, () => this.toDomainError(subject, error));
    }
  }

  private envelopeFor(subject: string, explicit: RequestEnvelope | undefined): RequestEnvelope {
    const fallback = this.options.defaultEnvelope;
    const envelope = explicit ?? currentEnvelope() ?? (typeof fallback === 'function' ? fallback() : fallback);
    if (!envelope) {
      throw new Error(`RpcClient.request(${subject}) outside a request envelope: pass options.envelope, or run it inside runWithEnvelope(...)`);
    }
    return envelope;
  }

  private toDomainError(subject: string, error: unknown): DomainError {
    if (error instanceof DomainError) return error;
    if (isDomainErrorPayload(error)) return new DomainError(error.code, error.message, error.details);
    if (error instanceof TimeoutError || isBrokerUnavailable(error) || isNoResponders(error)) {
      // Clients hear which service, never the internal subject (it is logged for the operator).
      this.logger.warn(`RPC ${subject} unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return new DomainError('SERVICE_UNAVAILABLE', `The ${serviceOf(subject)} service did not answer in time or is unavailable; retry later.`);
    }
    this.logger.error(`RPC ${subject} failed: ${error instanceof Error ? (error.stack ?? error.message) : JSON.stringify(error)}`);
    return new DomainError('INTERNAL', 'Internal error');
  }
}

/** RPC subjects are `<service>.<noun>.<verb>.v1` (libs/contracts rpc-registry.ts): the service is the first word. */
export function serviceOf(subject: string): string {
  return subject.split('.')[0] ?? 'requested';
}

/** Nobody listens on the subject: NATS "no responders", surfaced by Nest as an EmptyResponseException. */
function isNoResponders(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; constructor?: { name?: string } };
  if (e?.constructor?.name === 'EmptyResponseException') return true;
  return e?.code === '503' || (typeof e?.message === 'string' && /no responders|no subscribers/i.test(e.message));
}
