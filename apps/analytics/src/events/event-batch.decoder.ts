import {
  type CanonicalEvent,
  type EventBatchMessage,
  canonicalEventSchema,
  eventBatchEnvelopeSchema,
  findUnstorableEvent,
  isWellFormedText,
} from '@fulcrum/contracts';
import { assertMatchesSchema } from '@fulcrum/messaging';

/** One event of a valid message that the store cannot keep: set aside alone, with its reason. */
export interface RejectedEventInput {
  /** Index of the event in its message. */
  position: number;
  /** Present when the event names one (a well-formed string). */
  eventId?: string;
  reason: string;
  /** The event as JSON text, or undefined when it cannot be written back (nested beyond any serialiser). */
  json?: string;
}

export type DecodeOutcome =
  | {
      ok: true;
      /** The message with only its storable events. */
      batch: EventBatchMessage;
      /** The JSON text staged into DuckDB: as received when every event is storable, else re-serialised without the others. */
      payload: string;
      rejectedEvents: RejectedEventInput[];
      /** Position in the received message of each event of `batch`, when some were set aside. */
      positions?: number[];
      /** The message as received, every event included (a redaction rewrites this, not `batch`). */
      received: { batch: EventBatchMessage; payload: string };
    }
  | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses and validates one JetStream payload. A bad envelope rejects the message (it is kept with
 * its reason); a bad event rejects only itself, checked by the same storable rule the collector
 * applies at the door (libs/contracts storable-event.rule), so its neighbours are applied.
 */
export function decodeEventBatch(data: Uint8Array): DecodeOutcome {
  let payload: string;
  try {
    payload = utf8.decode(data);
  } catch {
    return { ok: false, reason: 'payload is not valid UTF-8 (kept with invalid bytes replaced by U+FFFD)' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch (error) {
    return { ok: false, reason: `payload is not JSON: ${(error as Error).message}` };
  }
  try {
    assertMatchesSchema<EventBatchMessage>(eventBatchEnvelopeSchema, parsed, 'EventBatchMessage');
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const message = parsed as EventBatchMessage;
  const events: CanonicalEvent[] = [];
  const positions: number[] = [];
  const rejectedEvents: RejectedEventInput[] = [];
  message.events.forEach((event: unknown, position) => {
    const reason = eventProblem(event, message.projectId);
    if (reason === undefined) {
      events.push(event as CanonicalEvent);
      positions.push(position);
    } else {
      rejectedEvents.push({ position, eventId: eventIdOf(event), reason, json: jsonOf(event) });
    }
  });
  const received = { batch: message, payload };
  if (rejectedEvents.length === 0) return { ok: true, batch: message, payload, rejectedEvents, received };
  const batch: EventBatchMessage = { ...message, events };
  return { ok: true, batch, payload: JSON.stringify(batch), rejectedEvents, positions, received };
}

function eventProblem(event: unknown, projectId: string): string | undefined {
  try {
    assertMatchesSchema<CanonicalEvent>(canonicalEventSchema, event, 'event');
  } catch (error) {
    return (error as Error).message;
  }
  if (event.projectId !== projectId) return "event's projectId differs from the message's projectId";
  const violation = findUnstorableEvent(event);
  return violation === undefined ? undefined : `${violation.field} ${violation.reason}`;
}

function eventIdOf(event: unknown): string | undefined {
  const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 1024 && isWellFormedText(id) ? id : undefined;
}

function jsonOf(event: unknown): string | undefined {
  try {
    return JSON.stringify(event);
  } catch {
    return undefined;
  }
}
