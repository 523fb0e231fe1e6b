import { gzipSync } from 'node:zlib';
import { DomainError, INGEST_LIMITS } from '@fulcrum/contracts';
import { decodeRequestBody } from './body-decoder';
import { mapSegmentBody } from './segment.mapper';
import { FIXTURE_RECEIVED_AT, errorOf, jsonFixture, rawFixture, wireContext } from './wire.test-helpers';

const RECEIVED_AT = FIXTURE_RECEIVED_AT;
const raw = rawFixture;
const fixture = jsonFixture;
const context = wireContext;


const LIBRARY = { name: '@segment/analytics-node', version: '3.1.0' };
const METADATA = { nodeVersion: 'v20.20.2', jsRuntime: 'node' };
const SENT_AT = '2026-11-21T17:07:42.062Z';
const common = { projectId: 'proj_1', receivedAt: RECEIVED_AT, sentAt: SENT_AT };

describe('mapSegmentBody: @segment/analytics-node batch (recorded)', () => {
  const body = fixture('segment-analytics-node.batch.json');

  // Timestamps are skew-corrected: client time + (receivedAt − sentAt) = + 938 ms here.
  it('maps each call to the canonical event', () => {
    expect(mapSegmentBody('batch', body, context())).toEqual([
      {
        ...common,
        id: 'node-next-1795280862058-e11009d1-e696-4b42-bbb6-e0ff42f85300',
        type: 'track',
        event: 'Order Completed',
        userId: 'user-42',
        timestamp: '2026-11-21T17:07:42.996Z',
        properties: { orderId: 'o-1', revenue: 19.99, currency: 'EUR' },
        context: { ip: '203.0.113.7', library: LIBRARY, _metadata: METADATA },
      },
      {
        ...common,
        id: 'node-next-1795280862058-09d1e696-1b42-4bb6-a0ff-42f853005e57',
        type: 'identify',
        event: '$identify',
        userId: 'user-42',
        anonymousId: 'anon-7',
        timestamp: '2026-11-21T17:07:42.996Z',
        properties: { email: 'ada@example.com', plan: 'pro' },
        context: { library: LIBRARY, _metadata: METADATA },
      },
      {
        ...common,
        id: 'node-next-1795280862058-e6961b42-7bb6-40ff-82f8-53005e572509',
        type: 'page',
        event: '$page',
        userId: 'user-42',
        timestamp: '2026-11-21T17:07:42.996Z',
        properties: { url: 'https://example.com/pricing', category: 'Docs', name: 'Pricing' },
        context: { library: LIBRARY, _metadata: METADATA },
      },
      {
        ...common,
        id: 'node-next-1795280862058-1b427bb6-e0ff-42f8-9300-5e57250981dd',
        type: 'screen',
        event: '$screen',
        anonymousId: 'anon-7',
        timestamp: '2026-11-21T17:07:42.996Z',
        properties: { variant: 'b', name: 'Home' },
        context: { library: LIBRARY, _metadata: METADATA },
      },
      {
        ...common,
        id: 'node-next-1795280862059-7bb6e0ff-42f8-4300-9e57-250981ddd844',
        type: 'group',
        event: '$groupidentify',
        userId: 'user-42',
        timestamp: '2026-11-21T17:07:42.997Z',
        properties: { groupId: 'org-9', name: 'Acme', employees: 120 },
        context: { library: LIBRARY, _metadata: METADATA },
      },
      {
        ...common,
        id: 'node-next-1795280862059-e0ff42f8-5300-4e57-a509-81ddd8447370',
        type: 'alias',
        event: '$create_alias',
        userId: 'user-42',
        timestamp: '2026-11-21T17:07:42.997Z',
        properties: { previousId: 'anon-7' },
        context: { library: LIBRARY, _metadata: METADATA },
      },
      {
        ...common,
        id: 'fixed-msg-1',
        type: 'track',
        event: 'Signed Up',
        anonymousId: 'anon-7',
        timestamp: '2024-03-01T10:00:00.938Z',
        properties: {},
        context: { library: LIBRARY, integrations: { Mixpanel: false }, _metadata: METADATA },
      },
    ]);
  });

  it('maps the same batch gzipped, with and without the Content-Encoding header', () => {
    const gz = gzipSync(raw('segment-analytics-node.batch.json'));
    const expected = mapSegmentBody('batch', body, context());
    for (const headers of [{ contentEncoding: 'gzip' }, {}]) {
      expect(mapSegmentBody('batch', decodeRequestBody(gz, headers), context())).toEqual(expected);
    }
  });

  it('never stores the write key', () => {
    expect(JSON.stringify(mapSegmentBody('batch', body, context()))).not.toContain('wk_segment_fixture');
  });
});

describe('mapSegmentBody: analytics.js single event sent as text/plain (hand-written)', () => {
  it('maps the /v1/t body', () => {
    const decoded = decodeRequestBody(raw('segment-analytics-js.track.json'), { contentType: 'text/plain' });
    const sent = fixture('segment-analytics-js.track.json');
    expect(mapSegmentBody('track', decoded, context())).toEqual([
      {
        id: 'ajs-next-1715678467412-8e320219-9a2b-49d1-b5cd-6a0ab9161e68',
        projectId: 'proj_1',
        type: 'track',
        event: 'Product Viewed',
        anonymousId: '82818e32-0219-4a2b-89d1-75cd6a0ab916',
        // sent 118 ms after it happened, received at the test's receivedAt
        timestamp: '2026-11-21T17:07:42.882Z',
        receivedAt: RECEIVED_AT,
        sentAt: '2024-05-14T09:21:07.530Z',
        properties: { product_id: 'sku-1042', name: 'Trail Runner 2', price: 129.5, currency: 'EUR' },
        context: {
          ...(sent.context as object),
          _metadata: { bundled: ['Segment.io'], unbundled: [], bundledIds: [] },
        },
      },
    ]);
  });

  it('drops projectId, which analytics.js fills with the write key', () => {
    const [event] = mapSegmentBody('track', { ...fixture('segment-analytics-js.track.json'), projectId: 'wk_x' }, context());
    expect(JSON.stringify(event)).not.toContain('wk_x');
    expect(event.context).not.toHaveProperty('unmapped');
  });
});

describe('mapSegmentBody: single-event routes', () => {
  it.each([
    ['identify', { userId: 'u1', traits: { plan: 'pro' } }, '$identify', { plan: 'pro' }],
    ['page', { userId: 'u1', name: 'Home', properties: { path: '/' } }, '$page', { path: '/', name: 'Home' }],
    ['screen', { userId: 'u1', category: 'Onboarding' }, '$screen', { category: 'Onboarding' }],
    ['group', { userId: 'u1', groupId: 'g1', traits: { plan: 'team' } }, '$groupidentify', { groupId: 'g1', plan: 'team' }],
    ['alias', { userId: 'u1', previousId: 'a1' }, '$create_alias', { previousId: 'a1' }],
    ['track', { userId: 'u1', event: 'Clicked', properties: { button: 'buy' } }, 'Clicked', { button: 'buy' }],
  ] as const)('%s takes its type from the route', (route, body, event, properties) => {
    const [mapped] = mapSegmentBody(route, body, context());
    expect(mapped.type).toBe(route);
    expect(mapped.event).toBe(event);
    expect(mapped.properties).toEqual(properties);
  });

  it('lets page name and category override properties.name and properties.category', () => {
    const [mapped] = mapSegmentBody(
      'page',
      { anonymousId: 'a', name: 'Pricing', category: 'Docs', properties: { name: 'old', category: 'old', url: 'u' } },
      context(),
    );
    expect(mapped.properties).toEqual({ name: 'Pricing', category: 'Docs', url: 'u' });
  });

  it('accepts a type that repeats the route', () => {
    expect(mapSegmentBody('track', { type: 'track', event: 'x', userId: 'u' }, context())[0].type).toBe('track');
  });
});

describe('mapSegmentBody: batch envelope', () => {
  it('merges batch-level context and integrations into each item, the item winning', () => {
    const events = mapSegmentBody(
      'batch',
      {
        context: { app: { name: 'shop' }, locale: 'en-US' },
        integrations: { All: true, Mixpanel: false },
        batch: [
          { type: 'track', event: 'a', userId: 'u', context: { locale: 'de-DE' }, integrations: { Mixpanel: true } },
          { type: 'track', event: 'b', userId: 'u' },
        ],
      },
      context(),
    );
    expect(events[0].context).toEqual({
      app: { name: 'shop' },
      locale: 'de-DE',
      integrations: { All: true, Mixpanel: true },
    });
    expect(events[1].context).toEqual({
      app: { name: 'shop' },
      locale: 'en-US',
      integrations: { All: true, Mixpanel: false },
    });
  });

  it('keeps unrecognised item fields in context.unmapped instead of dropping them', () => {
    const [event] = mapSegmentBody(
      'batch',
      {
        writeKey: 'wk',
        messageId: 'batch-level-id-from-analytics-go',
        batch: [
          {
            type: 'identify',
            userId: 'u',
            traits: { a: 1 },
            properties: { stray: true },
            channel: 'server',
            options: null,
            writeKey: 'wk',
          },
        ],
      },
      context(),
    );
    expect(event.properties).toEqual({ a: 1 });
    expect(event.context).toEqual({ unmapped: { properties: { stray: true }, channel: 'server' } });
  });

  it('keeps a "__proto__" field as data, without touching any prototype', () => {
    const body: unknown = JSON.parse('{"type":"track","event":"x","userId":"u","__proto__":{"polluted":true}}');
    const [event] = mapSegmentBody('track', body, context());
    const unmapped = event.context.unmapped as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(unmapped, '__proto__')?.value).toEqual({ polluted: true });
    expect(Object.getPrototypeOf(unmapped)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts an empty batch', () => {
    expect(mapSegmentBody('batch', { batch: [] }, context())).toEqual([]);
  });
});

describe('mapSegmentBody: numeric ids (analytics-ruby sends user_id: 42 as a JSON number)', () => {
  it('converts integer userId, anonymousId, groupId and previousId with String()', () => {
    const [group, alias] = mapSegmentBody(
      'batch',
      {
        batch: [
          { type: 'group', userId: 42, anonymousId: 7, groupId: 9001, traits: { groupId: 9001 } },
          { type: 'alias', userId: 42, previousId: 7 },
        ],
      },
      context(),
    );
    expect([group.userId, group.anonymousId, group.properties]).toEqual(['42', '7', { groupId: '9001' }]);
    expect([alias.userId, alias.properties]).toEqual(['42', { previousId: '7' }]);
  });
});

describe('mapSegmentBody: timestamps', () => {
  const item = { type: 'track', event: 'x', userId: 'u' };

  it('corrects originalTimestamp with sentAt: receivedAt − (sentAt − originalTimestamp)', () => {
    // Device clock 3 hours behind: says it sent at 07:07:42.000 what we received at 10:07:43.000.
    const [event] = mapSegmentBody(
      'batch',
      {
        sentAt: '2026-11-21T07:07:42.000Z',
        batch: [{ ...item, originalTimestamp: '2026-11-21T07:05:00.250Z', timestamp: '1999-01-01T00:00:00Z' }],
      },
      context('2026-11-21T10:07:43.000Z'),
    );
    expect(event.timestamp).toBe('2026-11-21T10:05:01.250Z');
    expect(event.sentAt).toBe('2026-11-21T07:07:42.000Z');
  });

  it('uses the item sentAt before the batch sentAt', () => {
    const [event] = mapSegmentBody(
      'batch',
      {
        sentAt: '2026-11-21T00:00:00.000Z',
        batch: [{ ...item, originalTimestamp: '2026-11-21T17:07:40.000Z', sentAt: '2026-11-21T17:07:42.000Z' }],
      },
      context(),
    );
    expect(event.timestamp).toBe('2026-11-21T17:07:41.000Z');
  });

  it('corrects timestamp by sentAt too (what analytics-node and analytics.js send), keeps it without sentAt', () => {
    const [withSentAt, withoutSentAt] = mapSegmentBody(
      'batch',
      { batch: [{ ...item, timestamp: '2024-01-01T00:00:00+05:00', sentAt: '2026-11-21T00:00:00Z' }, { ...item, timestamp: '2024-01-01T00:00:00Z' }] },
      context(),
    );
    // 2023-12-31T19:00Z + (receivedAt 2026-11-21T17:07:43Z − sentAt 2026-11-21T00:00Z)
    expect(withSentAt.timestamp).toBe('2024-01-01T12:07:43.000Z');
    expect(withoutSentAt.timestamp).toBe('2024-01-01T00:00:00.000Z');
  });

  it('falls back to originalTimestamp as given, then to receivedAt', () => {
    const [original, none] = mapSegmentBody(
      'batch',
      { batch: [{ ...item, originalTimestamp: '2024-01-01T00:00:00Z' }, item] },
      context(),
    );
    expect(original.timestamp).toBe('2024-01-01T00:00:00.000Z');
    expect(none.timestamp).toBe(RECEIVED_AT);
  });
});

describe('mapSegmentBody: validation', () => {
  const track = { type: 'track', event: 'x', userId: 'u' };
  const batch = (...items: unknown[]) => ({ batch: items });

  it.each([
    ['a non-object body', 'track', 'nope', '$'],
    ['a batch body without batch', 'batch', {}, 'batch'],
    ['batch not an array', 'batch', { batch: { 0: track } }, 'batch'],
    ['a non-object item', 'batch', batch(track, null), 'batch[1]'],
    ['a missing type in a batch', 'batch', batch({ event: 'x', userId: 'u' }), 'batch[0].type'],
    ['an unknown type', 'batch', batch(track, { ...track, type: 'click' }), 'batch[1].type'],
    ['a type contradicting the route', 'track', { ...track, type: 'page' }, 'type'],
    ['a missing event name', 'batch', batch({ type: 'track', userId: 'u' }), 'batch[0].event'],
    ['an empty event name', 'track', { event: '', userId: 'u' }, 'event'],
    ['a numeric event name', 'batch', batch({ ...track, event: 12 }), 'batch[0].event'],
    ['no identity', 'batch', batch(track, track, { type: 'track', event: 'x' }), 'batch[2].userId'],
    ['an alias without userId', 'alias', { anonymousId: 'a', previousId: 'p' }, 'userId'],
    ['an alias without previousId', 'alias', { userId: 'u' }, 'previousId'],
    ['a group without groupId', 'group', { userId: 'u' }, 'groupId'],
    ['a contradicting traits.groupId', 'group', { userId: 'u', groupId: 'g', traits: { groupId: 'h' } }, 'traits.groupId'],
    ['a fractional userId', 'track', { event: 'x', userId: 4.2 }, 'userId'],
    ['a boolean anonymousId', 'track', { event: 'x', anonymousId: true }, 'anonymousId'],
    ['a too long userId', 'track', { event: 'x', userId: 'u'.repeat(1025) }, 'userId'],
    ['a numeric messageId', 'batch', batch({ ...track, messageId: 42 }), 'batch[0].messageId'],
    ['a too long messageId', 'batch', batch({ ...track, messageId: 'm'.repeat(129) }), 'batch[0].messageId'],
    ['an unparseable timestamp', 'batch', batch(track, track, track, { ...track, timestamp: 'tomorrow' }), 'batch[3].timestamp'],
    ['an epoch timestamp', 'batch', batch({ ...track, timestamp: 1709287200000 }), 'batch[0].timestamp'],
    ['an unparseable originalTimestamp', 'batch', batch({ ...track, originalTimestamp: 'x' }), 'batch[0].originalTimestamp'],
    ['an unparseable item sentAt', 'batch', batch({ ...track, sentAt: '32/01/2024' }), 'batch[0].sentAt'],
    ['an unparseable batch sentAt', 'batch', { sentAt: 'now', batch: [track] }, 'sentAt'],
    ['array properties', 'batch', batch({ ...track, properties: ['a'] }), 'batch[0].properties'],
    ['string traits', 'identify', { userId: 'u', traits: 'pro' }, 'traits'],
    ['string context', 'batch', batch({ ...track, context: 'web' }), 'batch[0].context'],
    ['a string batch context', 'batch', { context: 'web', batch: [track] }, 'context'],
    ['array integrations', 'batch', batch({ ...track, integrations: [] }), 'batch[0].integrations'],
    ['a numeric page name', 'page', { userId: 'u', name: 5 }, 'name'],
    ['a client context.integrations next to integrations', 'track', { event: 'x', userId: 'u', integrations: { A: true }, context: { integrations: {} } }, 'context.integrations'],
    ['a client context._metadata next to _metadata', 'track', { event: 'x', userId: 'u', _metadata: {}, context: { _metadata: 1 } }, 'context._metadata'],
  ] as const)('refuses %s', (_what, route, body, field) => {
    const error = errorOf(() => mapSegmentBody(route, body, context()));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ field });
    expect(error.message).toContain(field);
  });

  it('is atomic: one bad event fails the whole batch', () => {
    expect(() => mapSegmentBody('batch', batch(track, track, { ...track, userId: {} }), context())).toThrow(DomainError);
  });

  it('accepts an event of exactly 32 KB and refuses one byte more, naming its index', () => {
    const limit = INGEST_LIMITS.maxEventBytes;
    const sized = (bytes: number) => {
      const base = JSON.stringify({ ...track, properties: { pad: '' } }).length;
      return { ...track, properties: { pad: 'x'.repeat(bytes - base) } };
    };
    expect(mapSegmentBody('batch', batch(sized(limit)), context())).toHaveLength(1);
    const error = errorOf(() => mapSegmentBody('batch', batch(track, track, track, sized(limit + 1)), context()));
    expect(error.code).toBe('EVENT_TOO_LARGE');
    expect(error.details).toEqual({ field: 'batch[3]', limitBytes: limit, sizeBytes: limit + 1 });

    const single = errorOf(() => mapSegmentBody('track', sized(limit + 1), context()));
    expect(single.details).toEqual({ field: '$', limitBytes: limit, sizeBytes: limit + 1 });
  });
});
