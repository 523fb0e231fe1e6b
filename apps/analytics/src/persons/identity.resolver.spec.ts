import { linkCandidates } from './identity-link.candidates';
import { type IdentityState, resolveIdentities } from './identity.resolver';
import type { CanonicalEvent } from '@fulcrum/contracts';

const P = 'p1';
const empty: IdentityState = { personOf: () => undefined, isIdentified: () => false };

function ev(id: string, type: CanonicalEvent['type'], ids: { userId?: string; anonymousId?: string }, properties: Record<string, unknown> = {}): CanonicalEvent {
  return { id, projectId: P, type, event: type, ...ids, timestamp: '2026-01-01T00:00:00.000Z', receivedAt: '2026-01-01T00:00:00.000Z', properties, context: {} };
}

describe('identity links (PostHog rules)', () => {
  it('reads identify, alias (Segment and PostHog) and events carrying both ids', () => {
    const c = linkCandidates(7, [
      ev('1', 'identify', { userId: 'u', anonymousId: 'a' }),
      ev('2', 'alias', { userId: 'u' }, { previousId: 'old' }),
      ev('3', 'alias', { userId: 'u' }, { alias: 'ph-alias' }),
      ev('4', 'track', { userId: 'u', anonymousId: 'a2' }),
      ev('5', 'track', { anonymousId: 'a3' }),
      ev('6', 'identify', { userId: 'solo' }),
    ]);
    expect(c.map((x) => [x.source, x.target, x.kind, x.identifies ?? null])).toEqual([
      ['a', 'u', 'identify', 'u'],
      ['old', 'u', 'alias', null],
      ['ph-alias', 'u', 'alias', null],
      ['a2', 'u', 'event', null],
      ['solo', 'solo', 'identify', 'solo'],
    ]);
  });

  it('merges an anonymous id into the user, repeats are no-ops, chains stay one level deep', () => {
    const d = resolveIdentities(
      linkCandidates(1, [ev('1', 'identify', { userId: 'u', anonymousId: 'a' }), ev('2', 'track', { userId: 'u', anonymousId: 'a' })]).concat(
        linkCandidates(2, [ev('3', 'alias', { userId: 'a2' }, { previousId: 'a3' }), ev('4', 'alias', { userId: 'u' }, { previousId: 'a2' })]),
      ),
      empty,
    );
    expect(d.links.map((l) => [l.distinctId, l.personId, l.seq])).toEqual([
      ['a', 'u', 1],
      ['a3', 'a2', 2],
    ]);
    // a2 became identified as the target of a3's merge, so merging a2 into u is refused
    expect(d.conflicts.map((x) => [x.source, x.target, x.reason])).toEqual([['a2', 'u', 'BOTH_IDENTIFIED']]);
  });

  it('refuses to move an id merged elsewhere and to merge two identified users', () => {
    const state: IdentityState = { personOf: (_p, id) => (id === 'a' ? 'u1' : undefined), isIdentified: (_p, id) => id === 'u1' || id === 'u2' };
    const d = resolveIdentities(
      linkCandidates(9, [ev('1', 'identify', { userId: 'u2', anonymousId: 'a' }), ev('2', 'alias', { userId: 'u2' }, { previousId: 'u1' })]),
      state,
    );
    expect(d.links).toEqual([]);
    expect(d.conflicts.map((x) => [x.source, x.reason, x.existingPersonId])).toEqual([
      ['a', 'ALREADY_MERGED', 'u1'],
      ['u1', 'BOTH_IDENTIFIED', 'u1'],
    ]);
  });

  it('links an id to the person of a target that was itself merged', () => {
    const state: IdentityState = { personOf: (_p, id) => (id === 'old' ? 'u' : undefined), isIdentified: (_p, id) => id === 'u' };
    const d = resolveIdentities(linkCandidates(3, [ev('1', 'track', { userId: 'old', anonymousId: 'a' })]), state);
    expect(d.links.map((l) => [l.distinctId, l.personId])).toEqual([['a', 'u']]);
  });
});
