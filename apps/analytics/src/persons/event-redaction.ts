import type { EventBatchMessage } from '@fulcrum/contracts';
import { mentionsIdAsJsonString, namesErasedId } from './erased-ids';
import { eventSpans } from './event-batch.spans';

/** `batchId` is at most this long (libs/contracts event-batch.message.ts). */
const MAX_BATCH_ID_LENGTH = 128;

export interface ErasedPerson {
  /** The person's distinct ids (the person id included). */
  ids: ReadonlySet<string>;
  /** Ids of the person's events found in DuckDB. */
  eventIds: ReadonlySet<string>;
}

export type Redaction =
  /** Nothing of the person in the message: leave it as it is. */
  | { kind: 'untouched' }
  /** Only the person's events: delete the message. */
  | { kind: 'delete'; removedEventIds: string[] }
  /** Some events stay: publish `payload` (the message without the person's events), then delete the original. */
  | { kind: 'rewrite'; removedEventIds: string[]; keptEvents: number; payload: string };

/**
 * Removes an erased person's events from one stream message: an event goes when its id is one of
 * the person's events (as DuckDB stored them) OR when it names one of the person's ids (belt and
 * braces: a copy DuckDB ignored as a duplicate is judged by what it says, not by what was stored).
 * The kept events keep their exact JSON text; the envelope gets `batchId` (see `redactedBatchId`).
 * An event at a `setAside` position (kept in rejected_events, so its fields may be of any shape)
 * goes when its text mentions one of the ids as a JSON string.
 */
export function redactEventBatch(
  payload: string,
  batch: EventBatchMessage,
  person: ErasedPerson,
  batchId: string,
  setAside: ReadonlySet<number> = new Set(),
): Redaction {
  const spans = eventSpans(payload);
  if (spans.length !== batch.events.length) throw new Error(`event spans (${spans.length}) do not match the parsed events (${batch.events.length})`);
  const removedEventIds: string[] = [];
  const kept: string[] = [];
  batch.events.forEach((e, i) => {
    const erased = setAside.has(i) ? mentionsIdAsJsonString(spans[i] as string, person.ids) : person.eventIds.has(e.id) || namesErasedId(e, person.ids);
    if (erased) removedEventIds.push(setAside.has(i) && typeof e?.id !== 'string' ? `(position ${i})` : e.id);
    else kept.push(spans[i] as string);
  });
  if (removedEventIds.length === 0) return { kind: 'untouched' };
  if (kept.length === 0) return { kind: 'delete', removedEventIds };
  const envelope = `{"v":${batch.v},"batchId":${JSON.stringify(batchId)},"projectId":${JSON.stringify(batch.projectId)},"events":[`;
  return { kind: 'rewrite', removedEventIds, keptEvents: kept.length, payload: `${envelope}${kept.join(',')}]}` };
}

/** The rewritten message's batchId: the original's, suffixed with the position it replaces (cut to fit). */
export function redactedBatchId(original: string, seq: number): string {
  const suffix = `~redacted-${seq}`;
  return `${original.slice(0, MAX_BATCH_ID_LENGTH - suffix.length)}${suffix}`;
}
