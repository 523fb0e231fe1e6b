import { Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import { DomainError, isDomainErrorPayload, type RpcMap, type RpcReply, type RpcRequest } from '@fulcrum/contracts';
import { isBrokerUnavailable } from '../nats/nats-error.classifier';

/**
 * Typed request/reply over NATS: the subject fixes the payload and reply types (see `RpcMap`).
 * Remote domain errors come back as `DomainError`s with their original code; an absent or slow
 * service becomes `SERVICE_UNAVAILABLE`; anything else `INTERNAL` (and is logged, not leaked).
 */
export class RpcClient {
  private readonly logger = new Logger(RpcClient.name);

  constructor(
    private readonly proxy: ClientProxy,
    private readonly timeoutMs = 15_000,
  ) {}

  /** `options.timeoutMs` overrides the client's timeout for a command known to take longer. */
  async request<S extends keyof RpcMap>(subject: S, payload: RpcRequest<S>, options: { timeoutMs?: number } = {}): Promise<RpcReply<S>> {
    try {
      return await firstValueFrom(
        this.proxy.send<RpcReply<S>, RpcRequest<S>>(subject, payload).pipe(timeout(options.timeoutMs ?? this.timeoutMs)),
      );
    } catch (error) {
      throw this.toDomainError(subject, error);
    }
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

/** RPC subjects are `<service>.<noun>.<verb>.v1` (libs/contracts subjects.ts): the service is the first word. */
export function serviceOf(subject: string): string {
  return subject.split('.')[0] ?? 'requested';
}

/** Nobody listens on the subject: NATS "no responders", surfaced by Nest as an EmptyResponseException. */
function isNoResponders(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; constructor?: { name?: string } };
  if (e?.constructor?.name === 'EmptyResponseException') return true;
  return e?.code === '503' || (typeof e?.message === 'string' && /no responders|no subscribers/i.test(e.message));
}
