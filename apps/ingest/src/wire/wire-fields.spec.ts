import { assertEventSize, identityValue, parseIsoTimestamp, skewCorrected, toIsoTimestamp } from './wire-fields';
import { errorOf } from './wire.test-helpers';


describe('parseIsoTimestamp', () => {
  it.each([
    ['2024-03-01T10:00:00.123Z', '2024-03-01T10:00:00.123Z'],
    ['2024-03-01T10:00:00Z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T12:30:00+02:00', '2024-03-01T10:30:00.000Z'],
    ['2024-03-01T12:30:00+0200', '2024-03-01T10:30:00.000Z'],
    ['2024-03-01T05:00:00-05', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00.123456Z', '2024-03-01T10:00:00.123Z'], // posthog-node sends microseconds
    ['2024-03-01T10:00:00,5Z', '2024-03-01T10:00:00.500Z'],
    ['2024-03-01 10:00:00Z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00Z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00', '2024-03-01T10:00:00.000Z'], // no zone: UTC, never the server's local time
    ['2024-03-01', '2024-03-01T00:00:00.000Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
    ['0099-06-01T00:00:00Z', '0099-06-01T00:00:00.000Z'], // two-digit years are not 19xx
  ])('reads %s as %s', (text, iso) => {
    expect(parseIsoTimestamp(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2023-02-29T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-03-01T24:00:00Z',
    '2024-03-01T10:60:00Z',
    '2024-03-01T10:00:60Z',
    '1700000000000',
    'March 7, 2024',
    '2024/03/01 10:00:00',
    'Fri, 01 Mar 2024 10:00:00 GMT',
    '',
  ])('refuses %j', (text) => {
    expect(parseIsoTimestamp(text)).toBeUndefined();
  });
});

describe('clock-skew arithmetic', () => {
  it('moves the client time by the distance between the client clock and ours', () => {
    // The client clock runs 5 minutes fast: it says it sent at 10:05:00 what we received at 10:00:00.
    const receivedAt = new Date('2024-03-01T10:00:00.000Z');
    const sentAt = new Date('2024-03-01T10:05:00.000Z');
    const happened = new Date('2024-03-01T10:04:30.250Z');
    expect(new Date(skewCorrected(happened, sentAt, receivedAt)).toISOString()).toBe('2024-03-01T09:59:30.250Z');
  });

  it('corrects a slow clock forwards', () => {
    const receivedAt = new Date('2024-03-01T10:00:00.000Z');
    const sentAt = new Date('2024-03-01T09:00:00.000Z');
    const happened = new Date('2024-03-01T08:59:59.000Z');
    expect(new Date(skewCorrected(happened, sentAt, receivedAt)).toISOString()).toBe('2024-03-01T09:59:59.000Z');
  });

  it('refuses a corrected time outside years 0000-9999', () => {
    const error = errorOf(() => toIsoTimestamp(Date.UTC(10000, 0, 1), 'batch[2].timestamp'));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ field: 'batch[2].timestamp' });
  });
});

describe('identityValue', () => {
  it('keeps strings and converts safe integers only when allowed', () => {
    expect(identityValue('user-1', 'userId', false)).toBe('user-1');
    expect(identityValue(42, 'userId', true)).toBe('42');
    expect(identityValue(-7, 'userId', true)).toBe('-7');
  });

  it.each([
    [42, false, 'must be a string, got a number'],
    [1.5, true, 'integer'],
    [2 ** 53, true, 'integer'],
    [true, true, 'must be a string or an integer, got a boolean'],
    [{ id: 1 }, true, 'got an object'],
    ['', true, 'must not be empty'],
    ['   ', true, 'must not be empty'],
    ['x'.repeat(1025), true, 'at most 1024 characters'],
  ])('refuses %j (integers allowed: %s)', (value, allowInteger, message) => {
    const error = errorOf(() => identityValue(value, 'batch[0].userId', allowInteger));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ field: 'batch[0].userId' });
    expect(error.message).toContain(message);
  });
});

describe('assertEventSize', () => {
  it('measures UTF-8 bytes of the JSON, not characters', () => {
    const item = { p: 'é'.repeat(10) }; // {"p":"..."} = 8 bytes + 20 bytes
    expect(() => assertEventSize(item, 'batch[0]', 28)).not.toThrow();
    const error = errorOf(() => assertEventSize(item, 'batch[0]', 27));
    expect(error.code).toBe('EVENT_TOO_LARGE');
    expect(error.details).toEqual({ field: 'batch[0]', limitBytes: 27, sizeBytes: 28 });
  });
});
