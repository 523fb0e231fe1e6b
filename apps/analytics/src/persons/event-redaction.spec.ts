import type { CanonicalEvent, EventBatchMessage } from '@fulcrum/contracts';
import { redactEventBatch, redactedBatchId } from './event-redaction';

const P = '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const TS = '2026-01-01T00:00:00.000Z';

function ev(id: string, who: { userId?: string; anonymousId?: string }, type: CanonicalEvent['type'] = 'track', properties: Record<string, unknown> = {}): CanonicalEvent {
  return { id, projectId: P, type, event: type === 'track' ? 'viewed' : `$${type}`, ...who, timestamp: TS, receivedAt: TS, properties, context: {} };
}
function message(events: CanonicalEvent[]): { payload: string; batch: EventBatchMessage } {
  const batch: EventBatchMessage = { v: 1, batchId: 'batch-1', projectId: P, events };
  return { payload: JSON.stringify(batch), batch };
}
const person = { ids: new Set(['a1', 'ua']), eventIds: new Set(['a-e1']) };

describe('redactEventBatch', () => {
  it('rewrites a mixed message without the person’s events, keeping the others’ exact text', () => {
    const kept = '{"id":"b-e1","projectId":"' + P + '","type":"track","event":"paid","userId":"ub","timestamp":"' + TS + '","receivedAt":"' + TS + '","properties":{"cents":12345678901234567890,"rate":1.50},"context":{}}';
    const payload = `{"v":1,"batchId":"batch-1","projectId":"${P}","events":[${JSON.stringify(ev('a-e1', { anonymousId: 'a1' }))},${kept}]}`;
    const batch = JSON.parse(payload) as EventBatchMessage;
    const r = redactEventBatch(payload, batch, person, 'batch-1~redacted-7');
    expect(r).toEqual({
      kind: 'rewrite',
      removedEventIds: ['a-e1'],
      keptEvents: 1,
      payload: `{"v":1,"batchId":"batch-1~redacted-7","projectId":"${P}","events":[${kept}]}`,
    });
    if (r.kind === 'rewrite') expect(r.payload).not.toMatch(/"a1"|"ua"/);
  });

  it('removes by event id AND by the ids an event names (a copy DuckDB never stored)', () => {
    const { payload, batch } = message([
      ev('a-e1', { anonymousId: 'other' }), // stored id, whatever it says now
      ev('x-dup', { userId: 'ua' }), // not in DuckDB's set, names ua
      ev('x-alias', { userId: 'ub' }, 'alias', { previousId: 'a1' }),
      ev('b-e2', { userId: 'ub' }),
    ]);
    const r = redactEventBatch(payload, batch, person, 'n');
    expect(r.kind).toBe('rewrite');
    expect(r.kind !== 'untouched' && r.removedEventIds).toEqual(['a-e1', 'x-dup', 'x-alias']);
    expect(r.kind === 'rewrite' && (JSON.parse(r.payload) as EventBatchMessage).events.map((e) => e.id)).toEqual(['b-e2']);
  });

  it('deletes a message holding only the person’s events and leaves one without them alone', () => {
    const only = message([ev('a-e1', { anonymousId: 'a1' }), ev('a-e2', { userId: 'ua', anonymousId: 'a1' }, 'identify')]);
    expect(redactEventBatch(only.payload, only.batch, person, 'n')).toEqual({ kind: 'delete', removedEventIds: ['a-e1', 'a-e2'] });
    const none = message([ev('b-e1', { userId: 'ub' })]);
    expect(redactEventBatch(none.payload, none.batch, person, 'n')).toEqual({ kind: 'untouched' });
  });
});

describe('redactedBatchId', () => {
  it('suffixes the original id with the replaced position and stays within 128 characters', () => {
    expect(redactedBatchId('b-1', 42)).toBe('b-1~redacted-42');
    const long = redactedBatchId('x'.repeat(128), 123456);
    expect(long).toHaveLength(128);
    expect(long.endsWith('~redacted-123456')).toBe(true);
  });
});
