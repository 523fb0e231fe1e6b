import { type EventBatchMessage, eventBatchMessageSchema } from '@fulcrum/contracts';
import { assertMatchesSchema } from '@fulcrum/messaging';

export type DecodeOutcome = { ok: true; batch: EventBatchMessage; payload: string } | { ok: false; reason: string };

/** Parses and validates one JetStream payload; a bad one is reported, never thrown away silently. */
export function decodeEventBatch(data: Uint8Array): DecodeOutcome {
  const payload = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch (error) {
    return { ok: false, reason: `payload is not JSON: ${(error as Error).message}` };
  }
  try {
    assertMatchesSchema<EventBatchMessage>(eventBatchMessageSchema, parsed, 'EventBatchMessage');
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const batch = parsed as EventBatchMessage;
  const foreign = batch.events.findIndex((e) => e.projectId !== batch.projectId);
  if (foreign >= 0) return { ok: false, reason: `events[${foreign}].projectId differs from the batch's projectId` };
  return { ok: true, batch, payload };
}
