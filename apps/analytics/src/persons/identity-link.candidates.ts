import type { CanonicalEvent } from '@fulcrum/contracts';

/** One "these two ids are the same person" statement carried by an event. */
export interface LinkCandidate {
  projectId: string;
  eventId: string;
  seq: number;
  /** The id being merged (an anonymous id, or Segment's `previousId` / PostHog's `alias`). */
  source: string;
  /** The id it is merged into (the user id). */
  target: string;
  kind: 'identify' | 'alias' | 'event';
  /** The user id of an identify call: identified from this event on. */
  identifies?: string;
}

/** The fields of an event that identity links are read from. */
export type IdentityEventFields = Pick<CanonicalEvent, 'id' | 'projectId' | 'type' | 'userId' | 'anonymousId' | 'properties'>;

/**
 * What an event says about identity (docs/metrics.md "Persons"):
 * - identify (Segment/native `identify`, PostHog `$identify` with `$anon_distinct_id`): anonymous id → user id,
 *   and the user id is identified;
 * - alias (Segment `alias` previousId → userId; PostHog `$create_alias` alias → distinct_id);
 * - any other event carrying both a user id and an anonymous id links them (as Segment does).
 */
export function linkCandidates(seq: number, events: readonly IdentityEventFields[]): LinkCandidate[] {
  const out: LinkCandidate[] = [];
  for (const e of events) {
    const base = { projectId: e.projectId, eventId: e.id, seq };
    if (e.type === 'alias') {
      const previous = stringProperty(e.properties, 'previousId') ?? stringProperty(e.properties, 'alias');
      const target = e.userId ?? e.anonymousId;
      if (previous !== undefined && target !== undefined && previous !== target) out.push({ ...base, source: previous, target, kind: 'alias' });
      continue;
    }
    const identifies = e.type === 'identify' ? e.userId : undefined;
    if (e.userId !== undefined && e.anonymousId !== undefined && e.userId !== e.anonymousId) {
      out.push({ ...base, source: e.anonymousId, target: e.userId, kind: e.type === 'identify' ? 'identify' : 'event', identifies });
    } else if (identifies !== undefined) {
      out.push({ ...base, source: identifies, target: identifies, kind: 'identify', identifies });
    }
  }
  return out;
}

function stringProperty(properties: Record<string, unknown>, key: string): string | undefined {
  const v = properties[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
