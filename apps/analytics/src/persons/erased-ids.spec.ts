import type { CanonicalEvent } from '@fulcrum/contracts';
import { mentionsIdAsJsonString, namesErasedId, rawProjectId } from './erased-ids';

const P = '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const ids = new Set(['a1', 'ua']);

function ev(type: CanonicalEvent['type'], who: { userId?: string; anonymousId?: string }, properties: Record<string, unknown> = {}) {
  return { id: 'e', projectId: P, type, ...who, properties };
}

describe('namesErasedId (an event names one of the erased ids)', () => {
  it.each([
    ['its user id', ev('track', { userId: 'ua' })],
    ['its anonymous id', ev('page', { anonymousId: 'a1' })],
    ['an identify linking the anonymous id to another user (refused merge)', ev('identify', { userId: 'ub', anonymousId: 'a1' })],
    ['a Segment alias previousId', ev('alias', { userId: 'ub' }, { previousId: 'ua' })],
    ['a PostHog $create_alias alias', ev('alias', { userId: 'ub' }, { alias: 'a1' })],
    ['an alias into the erased id', ev('alias', { userId: 'ua' }, { previousId: 'old' })],
  ])('yes: %s', (_what, event) => {
    expect(namesErasedId(event, ids)).toBe(true);
  });

  it.each([
    ['another person', ev('track', { userId: 'ub', anonymousId: 'b1' })],
    ['a longer id containing an erased one', ev('track', { userId: 'ua2', anonymousId: 'xa1' })],
    ['the id in a free-text property', ev('track', { userId: 'ub' }, { note: 'ua', previousId: 'ua' })],
    ['an alias of other ids', ev('alias', { userId: 'ub' }, { previousId: 'b0' })],
    ['an alias property that is not a string', ev('alias', { userId: 'ub' }, { previousId: ['ua'] })],
  ])('no: %s', (_what, event) => {
    expect(namesErasedId(event, ids)).toBe(false);
  });
});

describe('mentionsIdAsJsonString (raw rejected payloads)', () => {
  it('finds an id as any string value or key of parsed JSON, at any depth', () => {
    expect(mentionsIdAsJsonString(JSON.stringify({ v: 1, events: [{ id: 'x', userId: 'ua' }] }), ids)).toBe(true);
    expect(mentionsIdAsJsonString(JSON.stringify({ deep: [[{ 'a1': 1 }]] }), ids)).toBe(true);
    expect(mentionsIdAsJsonString(JSON.stringify(['nested', ['a1']]), ids)).toBe(true);
  });

  it('does not match substrings of longer strings, numbers or other ids', () => {
    expect(mentionsIdAsJsonString(JSON.stringify({ userId: 'ua-2', note: 'say a1 twice' }), ids)).toBe(false);
    expect(mentionsIdAsJsonString('{"v":1,"events":[]}', ids)).toBe(false);
  });

  it('searches the quoted id in text that is not JSON', () => {
    expect(mentionsIdAsJsonString('{"v":1,"events":[{"userId":"ua"', ids)).toBe(true);
    expect(mentionsIdAsJsonString('{"v":1,"events":[{"userId":"ua2"', ids)).toBe(false);
    expect(mentionsIdAsJsonString('not json ua', ids)).toBe(false);
  });

  it('matches ids that need escaping in JSON', () => {
    const odd = new Set(['he said "hi"\n']);
    expect(mentionsIdAsJsonString(JSON.stringify({ userId: 'he said "hi"\n' }), odd)).toBe(true);
    expect(mentionsIdAsJsonString(`${JSON.stringify({ userId: 'he said "hi"\n' })}broken`, odd)).toBe(true);
  });
});

describe('rawProjectId', () => {
  it('reads a top-level string projectId, else nothing', () => {
    expect(rawProjectId(JSON.stringify({ projectId: P }))).toBe(P);
    expect(rawProjectId(JSON.stringify({ projectId: 7 }))).toBeUndefined();
    expect(rawProjectId('[1]')).toBeUndefined();
    expect(rawProjectId('oops')).toBeUndefined();
  });
});
