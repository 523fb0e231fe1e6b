import { INGEST_LIMITS } from '@fulcrum/contracts';
import { mapNativeBody } from './native.mapper';
import type { WireContext } from './wire-context';
import { errorOf, wireContext } from './wire.test-helpers';

const RECEIVED_AT = '2024-03-01T10:00:00.000Z';

const context = (): WireContext => wireContext(RECEIVED_AT);


const track = { event: 'Signed Up', userId: 'u1' };

describe('mapNativeBody', () => {
  it('maps every field of a full event', () => {
    const events = mapNativeBody(
      {
        events: [
          {
            id: 'evt-1',
            type: 'track',
            event: 'Order Completed',
            userId: 'u1',
            anonymousId: 'a1',
            timestamp: '2024-03-01T09:59:00.000Z',
            properties: { revenue: 12.5, items: [{ sku: 'x' }] },
            context: { ip: '203.0.113.7', library: { name: 'fulcrum-js', version: '1.0.0' } },
          },
        ],
      },
      context(),
    );
    expect(events).toEqual([
      {
        id: 'evt-1',
        projectId: 'proj_1',
        type: 'track',
        event: 'Order Completed',
        userId: 'u1',
        anonymousId: 'a1',
        timestamp: '2024-03-01T09:59:00.000Z',
        receivedAt: RECEIVED_AT,
        properties: { revenue: 12.5, items: [{ sku: 'x' }] },
        context: { ip: '203.0.113.7', library: { name: 'fulcrum-js', version: '1.0.0' } },
      },
    ]);
  });

  it('fills defaults: generated id, track type, receivedAt as timestamp, empty properties and context', () => {
    const [event] = mapNativeBody({ events: [{ event: 'Opened', anonymousId: 'a1' }] }, context());
    expect(event).toEqual({
      id: 'gen-1',
      projectId: 'proj_1',
      type: 'track',
      event: 'Opened',
      anonymousId: 'a1',
      timestamp: RECEIVED_AT,
      receivedAt: RECEIVED_AT,
      properties: {},
      context: {},
    });
  });

  it('gives non-track types their reserved names', () => {
    const events = mapNativeBody(
      {
        events: [
          { type: 'identify', userId: 'u1', properties: { email: 'a@example.com' } },
          { type: 'page', userId: 'u1', event: '$page' },
          { type: 'screen', userId: 'u1' },
          { type: 'group', userId: 'u1', properties: { groupId: 'g1' } },
          { type: 'alias', userId: 'u1', properties: { previousId: 'a1' } },
        ],
      },
      context(),
    );
    expect(events.map((e) => [e.type, e.event])).toEqual([
      ['identify', '$identify'],
      ['page', '$page'],
      ['screen', '$screen'],
      ['group', '$groupidentify'],
      ['alias', '$create_alias'],
    ]);
    expect(events[0].properties).toEqual({ email: 'a@example.com' });
  });

  it('corrects clock skew with a per-event sentAt', () => {
    // Client clock 2 minutes fast: sent at 10:02:00 (its clock), received at 10:00:00 (ours).
    const [event] = mapNativeBody(
      { events: [{ ...track, timestamp: '2024-03-01T10:01:30.500Z', sentAt: '2024-03-01T10:02:00.000Z' }] },
      context(),
    );
    expect(event.timestamp).toBe('2024-03-01T09:59:30.500Z');
    expect(event.sentAt).toBe('2024-03-01T10:02:00.000Z');
  });

  it('corrects clock skew with the top-level sentAt; the event sentAt wins', () => {
    const events = mapNativeBody(
      {
        sentAt: '2024-03-01T09:00:00.000Z', // client clock 1 hour slow
        events: [
          { ...track, timestamp: '2024-03-01T08:59:00.000Z' },
          { ...track, timestamp: '2024-03-01T08:59:00.000Z', sentAt: '2024-03-01T08:59:00.000Z' },
          { ...track },
        ],
      },
      context(),
    );
    expect(events.map((e) => [e.timestamp, e.sentAt])).toEqual([
      ['2024-03-01T09:59:00.000Z', '2024-03-01T09:00:00.000Z'],
      ['2024-03-01T10:00:00.000Z', '2024-03-01T08:59:00.000Z'],
      [RECEIVED_AT, '2024-03-01T09:00:00.000Z'],
    ]);
  });

  it('keeps a timestamp without sentAt as given, normalised to UTC milliseconds', () => {
    const [event] = mapNativeBody({ events: [{ ...track, timestamp: '2024-01-15T12:00:00+01:00' }] }, context());
    expect(event.timestamp).toBe('2024-01-15T11:00:00.000Z');
    expect(event).not.toHaveProperty('sentAt');
  });

  it('treats null optional fields as absent', () => {
    const [event] = mapNativeBody(
      { sentAt: null, events: [{ ...track, id: null, anonymousId: null, timestamp: null, properties: null, context: null }] },
      context(),
    );
    expect(event).toEqual({
      id: 'gen-1',
      projectId: 'proj_1',
      type: 'track',
      event: 'Signed Up',
      userId: 'u1',
      timestamp: RECEIVED_AT,
      receivedAt: RECEIVED_AT,
      properties: {},
      context: {},
    });
  });

  it('accepts an empty batch', () => {
    expect(mapNativeBody({ events: [] }, context())).toEqual([]);
  });

  it.each([
    ['a non-object body', [], 'VALIDATION_FAILED', '$'],
    ['missing events', {}, 'VALIDATION_FAILED', 'events'],
    ['events not an array', { events: {} }, 'VALIDATION_FAILED', 'events'],
    ['an unknown top-level field', { events: [], writeKey: 'x' }, 'VALIDATION_FAILED', 'writeKey'],
    ['a bad top-level sentAt', { events: [track], sentAt: 'yesterday' }, 'VALIDATION_FAILED', 'sentAt'],
    ['a non-object event', { events: [track, 'x'] }, 'VALIDATION_FAILED', 'events[1]'],
    ['an unknown event field', { events: [track, { ...track, user_id: 'u' }] }, 'VALIDATION_FAILED', 'events[1].user_id'],
    ['an unknown type', { events: [{ ...track, type: 'click' }] }, 'VALIDATION_FAILED', 'events[0].type'],
    ['a missing name', { events: [{ userId: 'u1' }] }, 'VALIDATION_FAILED', 'events[0].event'],
    ['an empty name', { events: [{ userId: 'u1', event: ' ' }] }, 'VALIDATION_FAILED', 'events[0].event'],
    ['a numeric name', { events: [{ userId: 'u1', event: 7 }] }, 'VALIDATION_FAILED', 'events[0].event'],
    ['a too long name', { events: [{ userId: 'u1', event: 'e'.repeat(1025) }] }, 'VALIDATION_FAILED', 'events[0].event'],
    ['a wrong name on identify', { events: [{ userId: 'u1', type: 'identify', event: 'Login' }] }, 'VALIDATION_FAILED', 'events[0].event'],
    ['no identity', { events: [track, { event: 'x' }] }, 'VALIDATION_FAILED', 'events[1].userId'],
    ['a numeric userId', { events: [{ event: 'x', userId: 42 }] }, 'VALIDATION_FAILED', 'events[0].userId'],
    ['a numeric anonymousId', { events: [{ event: 'x', anonymousId: 42 }] }, 'VALIDATION_FAILED', 'events[0].anonymousId'],
    ['a too long userId', { events: [{ event: 'x', userId: 'u'.repeat(1025) }] }, 'VALIDATION_FAILED', 'events[0].userId'],
    ['a numeric id', { events: [{ ...track, id: 123 }] }, 'VALIDATION_FAILED', 'events[0].id'],
    ['an empty id', { events: [{ ...track, id: '' }] }, 'VALIDATION_FAILED', 'events[0].id'],
    ['a too long id', { events: [{ ...track, id: 'i'.repeat(129) }] }, 'VALIDATION_FAILED', 'events[0].id'],
    ['an unparseable timestamp', { events: [track, track, track, { ...track, timestamp: 'now' }] }, 'VALIDATION_FAILED', 'events[3].timestamp'],
    ['an epoch timestamp', { events: [{ ...track, timestamp: 1709287200000 }] }, 'VALIDATION_FAILED', 'events[0].timestamp'],
    ['an impossible date', { events: [{ ...track, timestamp: '2024-02-30T00:00:00Z' }] }, 'VALIDATION_FAILED', 'events[0].timestamp'],
    ['a bad event sentAt', { events: [{ ...track, sentAt: 5 }] }, 'VALIDATION_FAILED', 'events[0].sentAt'],
    ['array properties', { events: [{ ...track, properties: [] }] }, 'VALIDATION_FAILED', 'events[0].properties'],
    ['string context', { events: [{ ...track, context: 'web' }] }, 'VALIDATION_FAILED', 'events[0].context'],
  ])('refuses %s', (_what, body, code, field) => {
    const error = errorOf(() => mapNativeBody(body, context()));
    expect(error.code).toBe(code);
    expect(error.details).toEqual({ field });
    expect(error.message).toContain(field);
  });

  it('accepts an event of exactly 32 KB and refuses one byte more', () => {
    const limit = INGEST_LIMITS.maxEventBytes;
    expect(limit).toBe(32 * 1024);
    const sized = (bytes: number) => {
      const base = JSON.stringify({ ...track, properties: { pad: '' } }).length;
      return { ...track, properties: { pad: 'x'.repeat(bytes - base) } };
    };
    expect(JSON.stringify(sized(limit)).length).toBe(limit);
    expect(mapNativeBody({ events: [sized(limit)] }, context())).toHaveLength(1);
    const error = errorOf(() => mapNativeBody({ events: [track, sized(limit + 1)] }, context()));
    expect(error.code).toBe('EVENT_TOO_LARGE');
    expect(error.details).toEqual({ field: 'events[1]', limitBytes: limit, sizeBytes: limit + 1 });
  });
});
