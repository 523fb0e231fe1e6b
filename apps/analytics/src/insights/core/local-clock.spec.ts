import { LocalClock, dayOf, labelOf, nextLocal, truncateLocal } from './local-clock';

const us = (iso: string) => Date.parse(iso) * 1000;
const H = 3_600_000_000;

describe('LocalClock (Europe/Paris offsets of 2026)', () => {
  // +1h until 2026-03-29T01:00Z, +2h until 2026-10-25T01:00Z, then +1h.
  const clock = new LocalClock({
    initialUs: H,
    changes: [
      { atUs: us('2026-03-29T01:00:00Z'), offsetUs: 2 * H },
      { atUs: us('2026-10-25T01:00:00Z'), offsetUs: H },
    ],
  });

  it('maps instants to wall-clock times on both sides of each change', () => {
    expect(labelOf(clock.local(us('2026-03-29T00:59:59Z')))).toBe('2026-03-29T01:59:59');
    expect(labelOf(clock.local(us('2026-03-29T01:00:00Z')))).toBe('2026-03-29T03:00:00');
    expect(labelOf(clock.local(us('2026-10-25T00:30:00Z')))).toBe('2026-10-25T02:30:00');
    expect(labelOf(clock.local(us('2026-10-25T01:30:00Z')))).toBe('2026-10-25T02:30:00');
  });

  it('finds the first instant at or after a wall-clock time: after a gap, first of a repeated time', () => {
    expect(clock.firstInstantAtOrAfter(us('2026-03-29T02:30:00Z'))).toBe(us('2026-03-29T01:00:00Z')); // skipped: 03:00 CEST
    expect(clock.firstInstantAtOrAfter(us('2026-10-25T02:00:00Z'))).toBe(us('2026-10-25T00:00:00Z')); // first 02:00 (CEST)
    expect(clock.firstInstantAtOrAfter(us('2026-10-25T03:00:00Z'))).toBe(us('2026-10-25T02:00:00Z'));
    expect(clock.firstInstantAtOrAfter(us('2026-01-01T00:00:00Z'))).toBe(us('2025-12-31T23:00:00Z'));
  });
});

describe('wall-clock buckets', () => {
  const t = us('2026-03-04T17:45:12.345Z'); // a Wednesday
  it.each([
    ['HOUR', '2026-03-04T17:00:00', '2026-03-04T18:00:00'],
    ['DAY', '2026-03-04T00:00:00', '2026-03-05T00:00:00'],
    ['WEEK', '2026-03-02T00:00:00', '2026-03-09T00:00:00'],
    ['MONTH', '2026-03-01T00:00:00', '2026-04-01T00:00:00'],
  ] as const)('%s: start and next', (interval, start, next) => {
    const b = truncateLocal(t, interval);
    expect(labelOf(b)).toBe(start);
    expect(labelOf(nextLocal(b, interval))).toBe(next);
  });

  it('weeks start on Monday, also on a Sunday and before 1970', () => {
    expect(labelOf(truncateLocal(us('2026-03-08T23:59:59Z'), 'WEEK'))).toBe('2026-03-02T00:00:00');
    expect(labelOf(truncateLocal(us('1969-12-31T12:00:00Z'), 'WEEK'))).toBe('1969-12-29T00:00:00');
    expect(dayOf(us('1969-12-31T23:59:59.999Z') + 999)).toBe('1969-12-31');
  });
});
