import type { Logger } from '@nestjs/common';
import { type JsMsg, Match } from 'nats';
import { isRequestId } from '../envelope/envelope.format';
import { ENVELOPE_HEADERS } from '../envelope/request-envelope';

export interface PoisonIsolationOptions {
  /** Applies (and commits) the whole batch; throws when it could not. */
  apply: (batch: JsMsg[]) => Promise<void>;
  /** Stores a message that kept failing, with the reason (e.g. in a rejected-messages table). */
  keepAside: (m: JsMsg, reason: string) => Promise<void>;
  /** Deliveries of a message that fails on its own before it is kept aside. */
  maxAttempts: number;
  retryDelayMs: number;
  logger: Logger;
  /** How log lines name a message, e.g. "audit message". */
  label: string;
}

/**
 * Applies a batch and acknowledges it after the commit. When the batch fails, its messages are
 * applied one by one, so one bad message cannot hold the others back. A message that fails on its
 * own is retried later (the failure may be passing); after `maxAttempts` deliveries it is kept aside
 * with the reason and acknowledged, so it neither blocks the stream nor disappears. If even keeping
 * it aside fails, it is redelivered.
 */
export async function applyIsolatingPoison(batch: JsMsg[], options: PoisonIsolationOptions): Promise<void> {
  try {
    await options.apply(batch);
    for (const m of batch) m.ack();
    return;
  } catch (error) {
    if (batch.length === 1) {
      await retryOrKeepAside(batch[0], error, options);
      return;
    }
    options.logger.warn(`batch of ${batch.length} ${options.label}s failed (${(error as Error).message}); applying one by one${requestsOf(batch)}`);
  }
  for (const m of batch) await applyIsolatingPoison([m], options);
}

async function retryOrKeepAside(m: JsMsg, cause: unknown, options: PoisonIsolationOptions): Promise<void> {
  const { logger, label, retryDelayMs } = options;
  const reason = (cause as Error).message;
  if (m.info.redeliveryCount < options.maxAttempts) {
    logger.warn(`${label} ${m.seq}${requestOf(m)} failed (attempt ${m.info.redeliveryCount}): ${reason}; retrying later`);
    m.nak(retryDelayMs * m.info.redeliveryCount);
    return;
  }
  try {
    await options.keepAside(m, reason);
    logger.error(`${label} ${m.seq}${requestOf(m)} rejected: ${reason}`);
    m.ack();
  } catch (error) {
    logger.error(`${label} ${m.seq}${requestOf(m)} could not be stored (${(error as Error).message}); will be redelivered`);
    m.nak(retryDelayMs);
  }
}

/**
 * ` [req <id>]` naming the request a stream message belongs to (its `X-Request-Id` header), as the
 * RPC log lines do, so a consumer's line can be followed to the HTTP or GraphQL request behind it.
 * Empty when the message carries no valid one.
 */
export function requestOf(m: Pick<JsMsg, 'headers'>): string {
  const id = m.headers?.get(ENVELOPE_HEADERS.requestId, Match.IgnoreCase);
  return isRequestId(id) ? ` [req ${id}]` : '';
}

/** The request ids of a batch's messages, at most five named: ` [req a, b, … +3]`. */
function requestsOf(batch: readonly JsMsg[]): string {
  const ids = [...new Set(batch.map((m) => requestOf(m).slice(6, -1)).filter((id) => id !== ''))];
  if (ids.length === 0) return '';
  return ` [req ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? `, … +${ids.length - 5}` : ''}]`;
}
