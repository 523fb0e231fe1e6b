import { randomUUID } from 'node:crypto';
import { type CanonicalEvent, DomainError, EVENT_BATCH_MESSAGE_VERSION } from '@fulcrum/contracts';

export interface EncodedBatch {
  batchId: string;
  data: Uint8Array;
  eventCount: number;
}

/**
 * Packs one request's events into as few `EventBatchMessage` payloads as fit under `maxBytes`
 * each (every event is serialised once). An event arrives as at most 32 KB, but a Segment batch's
 * shared `context` is merged into each of its events, so one that no longer fits in a message alone
 * is refused (EVENT_TOO_LARGE) before anything is published.
 */
export function encodeEventBatches(projectId: string, events: readonly CanonicalEvent[], maxBytes: number): EncodedBatch[] {
  const batches: EncodedBatch[] = [];
  let parts: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (parts.length === 0) return;
    const batchId = randomUUID();
    const json = `{"v":${EVENT_BATCH_MESSAGE_VERSION},"batchId":"${batchId}","projectId":${JSON.stringify(projectId)},"events":[${parts.join(',')}]}`;
    batches.push({ batchId, data: Buffer.from(json), eventCount: parts.length });
    parts = [];
    size = 0;
  };
  const envelopeBytes = 128 + projectId.length;
  for (const event of events) {
    const json = JSON.stringify(event);
    const bytes = Buffer.byteLength(json) + 1;
    if (envelopeBytes + bytes > maxBytes) {
      throw new DomainError('EVENT_TOO_LARGE', `event ${event.id} is ${bytes} bytes once mapped (shared context merged in), more than one message holds`, {
        eventId: event.id,
        sizeBytes: bytes,
        limitBytes: maxBytes - envelopeBytes,
      });
    }
    if (parts.length > 0 && envelopeBytes + size + bytes > maxBytes) flush();
    parts.push(json);
    size += bytes;
  }
  flush();
  return batches;
}
