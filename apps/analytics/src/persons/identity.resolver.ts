import type { LinkCandidate } from './identity-link.candidates';

export type ConflictReason = 'ALREADY_MERGED' | 'BOTH_IDENTIFIED';

export interface AcceptedLink {
  projectId: string;
  distinctId: string;
  personId: string;
  seq: number;
  eventId: string;
}

export interface RefusedLink {
  projectId: string;
  eventId: string;
  seq: number;
  source: string;
  target: string;
  reason: ConflictReason;
  /** The person the source already belongs to (ALREADY_MERGED) or is (BOTH_IDENTIFIED). */
  existingPersonId: string;
}

export interface IdentityState {
  /** distinct id → person id, for ids already linked. */
  personOf(projectId: string, distinctId: string): string | undefined;
  isIdentified(projectId: string, distinctId: string): boolean;
}

export interface IdentityDecisions {
  links: AcceptedLink[];
  identified: Array<{ projectId: string; distinctId: string; seq: number }>;
  conflicts: RefusedLink[];
}

/**
 * Applies link candidates in stream order to the known identity map (PostHog's rules):
 * - a link source → target merges the source id into the target's person (the target's own
 *   person if the target was itself merged: persons are always one level deep);
 * - a source already merged into another person is not moved (ALREADY_MERGED, reported);
 * - a source that is itself identified (an identify call's user id, or a merge target) is not
 *   merged into another identified person (BOTH_IDENTIFIED, reported);
 * - repeating a link that holds already changes nothing.
 * Links accepted here are visible to the candidates after them (same batch included).
 */
export function resolveIdentities(candidates: readonly LinkCandidate[], state: IdentityState): IdentityDecisions {
  const links = new Map<string, AcceptedLink>();
  const identified = new Map<string, { projectId: string; distinctId: string; seq: number }>();
  const conflicts: RefusedLink[] = [];
  const key = (p: string, id: string) => `${p}\u0000${id}`;
  const personOf = (p: string, id: string) => links.get(key(p, id))?.personId ?? state.personOf(p, id);
  const isIdentified = (p: string, id: string) => identified.has(key(p, id)) || state.isIdentified(p, id);
  const markIdentified = (p: string, id: string, seq: number) => {
    if (!isIdentified(p, id)) identified.set(key(p, id), { projectId: p, distinctId: id, seq });
  };

  for (const c of [...candidates].sort((a, b) => a.seq - b.seq)) {
    const p = c.projectId;
    if (c.source !== c.target) {
      const person = personOf(p, c.target) ?? c.target;
      const current = personOf(p, c.source);
      if (current !== undefined) {
        if (current !== person) conflicts.push({ ...refused(c), reason: 'ALREADY_MERGED', existingPersonId: current });
      } else if (c.source === person) {
        // the target was merged into the source before: nothing to do
      } else if (isIdentified(p, c.source)) {
        conflicts.push({ ...refused(c), reason: 'BOTH_IDENTIFIED', existingPersonId: c.source });
      } else {
        links.set(key(p, c.source), { projectId: p, distinctId: c.source, personId: person, seq: c.seq, eventId: c.eventId });
        markIdentified(p, person, c.seq);
      }
    }
    if (c.identifies !== undefined) markIdentified(p, personOf(p, c.identifies) ?? c.identifies, c.seq);
  }
  return { links: [...links.values()], identified: [...identified.values()], conflicts };
}

function refused(c: LinkCandidate): Omit<RefusedLink, 'reason' | 'existingPersonId'> {
  return { projectId: c.projectId, eventId: c.eventId, seq: c.seq, source: c.source, target: c.target };
}
