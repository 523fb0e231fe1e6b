import { type IdentityEventFields, linkCandidates } from './identity-link.candidates';

/**
 * Whether an event names one of an erased person's distinct ids: as its user id or anonymous id,
 * or in an identity link it carries (alias `previousId` / PostHog `alias`, identify's anonymous
 * id — read by the same `linkCandidates` the identity map is built with, so both agree).
 * Free-text properties are not searched: an id there is not an identifier the event is keyed by.
 */
export function namesErasedId(event: IdentityEventFields, ids: ReadonlySet<string>): boolean {
  if (event.userId !== undefined && ids.has(event.userId)) return true;
  if (event.anonymousId !== undefined && ids.has(event.anonymousId)) return true;
  return linkCandidates(0, [event]).some((c) => ids.has(c.source) || ids.has(c.target) || (c.identifies !== undefined && ids.has(c.identifies)));
}

/**
 * Whether a raw (rejected, possibly invalid) message mentions one of the ids as a JSON string:
 * any string value or key equal to an id when the payload parses, else the id's JSON text
 * (`"a1"`, quotes included) anywhere in it. A substring of a longer string does not count.
 */
export function mentionsIdAsJsonString(payload: string, ids: ReadonlySet<string>): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return [...ids].some((id) => payload.includes(JSON.stringify(id)));
  }
  return containsString(parsed, ids);
}

/** The top-level `projectId` of a raw message when it has a string one (a rejected message may not). */
export function rawProjectId(payload: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(payload);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const projectId = (parsed as Record<string, unknown>)['projectId'];
    return typeof projectId === 'string' ? projectId : undefined;
  } catch {
    return undefined;
  }
}

function containsString(value: unknown, ids: ReadonlySet<string>): boolean {
  // Iterative: a hostile payload may nest deeper than the call stack.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (ids.has(v)) return true;
    } else if (Array.isArray(v)) {
      stack.push(...v);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        if (ids.has(k)) return true;
        stack.push(child);
      }
    }
  }
  return false;
}
