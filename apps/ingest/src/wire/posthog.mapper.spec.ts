import { gzipSync } from 'node:zlib';
import { INGEST_LIMITS } from '@fulcrum/contracts';
import { decodeRequestBody } from './body-decoder';
import { mapPosthogBody } from './posthog.mapper';
import { FIXTURE_RECEIVED_AT, errorOf, jsonFixture, rawFixture, wireContext } from './wire.test-helpers';

const RECEIVED_AT = FIXTURE_RECEIVED_AT;
const raw = rawFixture;
const fixture = jsonFixture;
const context = wireContext;


const NODE_PROPS = { $lib: 'posthog-node', $lib_version: '5.70.0', $is_server: true, $geoip_disable: true };
const NODE_CONTEXT = { library: { name: 'posthog-node', version: '5.70.0' } };
const SENT_AT = '2026-11-21T17:07:42.101Z';
const common = { projectId: 'proj_1', receivedAt: RECEIVED_AT, sentAt: SENT_AT };

describe('mapPosthogBody: posthog-node batch (recorded)', () => {
  const body = fixture('posthog-node.batch.json');

  // sent_at 17:07:42.101 (client) vs receivedAt 17:07:43.000 (ours): the client clock is 899 ms behind,
  // so every timestamp moves 899 ms forwards.
  it('maps each call to the canonical event, correcting clock skew with sent_at', () => {
    expect(mapPosthogBody(body, context())).toEqual([
      {
        ...common,
        id: '01a1ff13-fb94-77cb-9785-ddaa41cc489f',
        type: 'track',
        event: 'order completed',
        userId: 'user-42',
        timestamp: '2026-11-21T17:07:42.999Z',
        properties: { orderId: 'o-1', revenue: 19.99, ...NODE_PROPS },
        context: NODE_CONTEXT,
      },
      {
        ...common,
        id: '01a1ff13-fb94-77cb-9785-ddab1defe7a1',
        type: 'track',
        event: '$pageview',
        userId: 'user-42',
        timestamp: '2026-11-21T17:07:42.999Z',
        properties: { $current_url: 'https://example.com/pricing', $groups: { company: 'org-9' }, ...NODE_PROPS },
        context: NODE_CONTEXT,
      },
      {
        ...common,
        id: '01a1ff13-fb94-77cb-9785-ddaca93b23d6',
        type: 'identify',
        event: '$identify',
        userId: 'user-42',
        timestamp: '2026-11-21T17:07:42.999Z',
        properties: { $set: { email: 'ada@example.com' }, $set_once: { first_seen: 'today' }, ...NODE_PROPS },
        context: NODE_CONTEXT,
      },
      {
        ...common,
        id: '01a1ff13-fb95-76dd-9516-efafc3b2f007',
        type: 'alias',
        event: '$create_alias',
        userId: 'user-42',
        timestamp: '2026-11-21T17:07:43.000Z',
        properties: { distinct_id: 'user-42', alias: 'anon-7', ...NODE_PROPS },
        context: NODE_CONTEXT,
      },
      {
        ...common,
        id: '01a1ff13-fb95-76dd-9516-efb0529194d6',
        type: 'group',
        event: '$groupidentify',
        userId: '$company_org-9',
        timestamp: '2026-11-21T17:07:43.000Z',
        properties: { $group_type: 'company', $group_key: 'org-9', $group_set: { name: 'Acme' }, ...NODE_PROPS },
        context: NODE_CONTEXT,
      },
      {
        ...common,
        id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
        type: 'track',
        event: 'historical',
        userId: 'user-42',
        timestamp: '2024-03-01T10:00:00.899Z',
        properties: { ...NODE_PROPS },
        context: NODE_CONTEXT,
      },
    ]);
  });

  it('maps the gzipped body exactly as posthog-node sends it (Content-Encoding: gzip)', () => {
    const decoded = decodeRequestBody(gzipSync(raw('posthog-node.batch.json')), {
      contentEncoding: 'gzip',
      contentType: 'application/json',
    });
    expect(mapPosthogBody(decoded, context())).toEqual(mapPosthogBody(body, context()));
  });

  it('never stores the project token', () => {
    expect(JSON.stringify(mapPosthogBody(body, context()))).not.toContain('phc_posthog_fixture');
  });
});

describe('mapPosthogBody: body forms', () => {
  const event = { event: 'clicked', distinct_id: 'u1', properties: { token: 'phc_x', $lib: 'web', $lib_version: '1.2.3' } };

  it('accepts an array of events (posthog-js)', () => {
    const events = mapPosthogBody([event, { ...event, event: 'scrolled' }], context());
    expect(events.map((e) => [e.event, e.userId, e.id])).toEqual([
      ['clicked', 'u1', 'gen-1'],
      ['scrolled', 'u1', 'gen-2'],
    ]);
    expect(events[0].context).toEqual({ library: { name: 'web', version: '1.2.3' } });
    expect(events[0].properties).toEqual(event.properties);
  });

  it('accepts a single event with its own api_key and sent_at', () => {
    const [mapped] = mapPosthogBody(
      { ...event, api_key: 'phc_x', timestamp: '2026-11-21T17:00:00.000Z', sent_at: '2026-11-21T17:07:00.000Z' },
      context(),
    );
    expect(mapped.timestamp).toBe('2026-11-21T17:00:43.000Z');
    expect(mapped.sentAt).toBe('2026-11-21T17:07:00.000Z');
    expect(mapped.context).toEqual({ library: { name: 'web', version: '1.2.3' } });
  });

  it.each([
    ['a decoded data array', { data: [event] }],
    ['a data batch', { data: { batch: [event] } }],
    ['a JSON string data', { data: JSON.stringify([event]) }],
    ['a base64 data', { data: Buffer.from(JSON.stringify(event)).toString('base64') }],
  ])('accepts %s', (_what, body) => {
    const [mapped] = mapPosthogBody(body, context());
    expect([mapped.event, mapped.userId]).toEqual(['clicked', 'u1']);
  });

  it('accepts an empty batch and an empty array', () => {
    expect(mapPosthogBody({ api_key: 'phc', batch: [] }, context())).toEqual([]);
    expect(mapPosthogBody([], context())).toEqual([]);
  });

  it('names fields by their path in a data wrapper', () => {
    const error = errorOf(() => mapPosthogBody({ data: { batch: [event, { event: 'x' }] } }, context()));
    expect(error.details).toEqual({ field: 'data.batch[1].distinct_id' });
    const inArray = errorOf(() => mapPosthogBody([event, { ...event, timestamp: 'x' }], context()));
    expect(inArray.details).toEqual({ field: '[1].timestamp' });
  });
});

describe('mapPosthogBody: identity and types', () => {
  it('reads distinct_id, then $distinct_id, then properties.distinct_id', () => {
    const events = mapPosthogBody(
      [
        { event: 'a', distinct_id: 'top', $distinct_id: 'dollar', properties: { distinct_id: 'prop' } },
        { event: 'b', $distinct_id: 'dollar', properties: { distinct_id: 'prop' } },
        { event: 'c', properties: { distinct_id: 'prop' } },
      ],
      context(),
    );
    expect(events.map((e) => e.userId)).toEqual(['top', 'dollar', 'prop']);
  });

  it('converts an integer distinct_id with String(), as PostHog does', () => {
    const [mapped] = mapPosthogBody([{ event: 'a', distinct_id: 1234567 }], context());
    expect(mapped.userId).toBe('1234567');
  });

  it('maps $identify (posthog-js) to identify with the anonymous id', () => {
    const [mapped] = mapPosthogBody(
      [
        {
          event: '$identify',
          properties: { distinct_id: 'user@example.com', $anon_distinct_id: '018f-anon', token: 'phc' },
          $set: { email: 'user@example.com' },
          $set_once: { first_url: '/' },
          timestamp: '2026-11-21T17:07:43.000Z',
        },
      ],
      context(),
    );
    expect(mapped).toMatchObject({
      type: 'identify',
      event: '$identify',
      userId: 'user@example.com',
      anonymousId: '018f-anon',
    });
    expect(mapped.properties).toEqual({
      distinct_id: 'user@example.com',
      $anon_distinct_id: '018f-anon',
      token: 'phc',
      $set: { email: 'user@example.com' },
      $set_once: { first_url: '/' },
    });
  });

  it('merges top-level $set into properties.$set, the top level winning', () => {
    const [mapped] = mapPosthogBody(
      [{ event: '$set', distinct_id: 'u', $set: { plan: 'pro', seats: 3 }, properties: { $set: { plan: 'free', name: 'A' } } }],
      context(),
    );
    expect(mapped.properties).toEqual({ $set: { plan: 'pro', name: 'A', seats: 3 } });
    expect(mapped.type).toBe('track');
  });

  it('keeps $pageview and $screen as track events under their own names', () => {
    const events = mapPosthogBody(
      [
        { event: '$pageview', distinct_id: 'u' },
        { event: '$screen', distinct_id: 'u', properties: { $screen_name: 'Home' } },
      ],
      context(),
    );
    expect(events.map((e) => [e.type, e.event])).toEqual([
      ['track', '$pageview'],
      ['track', '$screen'],
    ]);
  });

  it('keeps unrecognised event fields in context.unmapped and library fields of server SDKs in context.library', () => {
    const [mapped] = mapPosthogBody(
      {
        batch: [
          {
            event: 'a',
            distinct_id: 'u',
            type: 'capture',
            messageId: null,
            library: 'posthog-ruby',
            library_version: '2.5.0',
            token: 'phc',
          },
        ],
      },
      context(),
    );
    expect(mapped.context).toEqual({ library: { name: 'posthog-ruby', version: '2.5.0' }, unmapped: { type: 'capture' } });
  });

  it('keeps sent_at of an event inside a batch in context.unmapped (only the request-level sent_at counts)', () => {
    const [mapped] = mapPosthogBody(
      { batch: [{ event: 'a', distinct_id: 'u', timestamp: '2026-11-21T17:00:00Z', sent_at: '2026-11-21T18:00:00Z' }] },
      context(),
    );
    expect(mapped.timestamp).toBe('2026-11-21T17:00:00.000Z');
    expect(mapped).not.toHaveProperty('sentAt');
    expect(mapped.context).toEqual({ unmapped: { sent_at: '2026-11-21T18:00:00Z' } });
  });

  it('maps events named like Object.prototype members as track events', () => {
    const events = mapPosthogBody(
      [
        { event: 'constructor', distinct_id: 'u' },
        { event: '__proto__', distinct_id: 'u' },
        { event: 'toString', distinct_id: 'u' },
      ],
      context(),
    );
    expect(events.map((e) => [e.type, e.event])).toEqual([
      ['track', 'constructor'],
      ['track', '__proto__'],
      ['track', 'toString'],
    ]);
  });

  it('treats an empty uuid as absent', () => {
    expect(mapPosthogBody([{ event: 'a', distinct_id: 'u', uuid: '' }], context())[0].id).toBe('gen-1');
  });
});

describe('mapPosthogBody: timestamps', () => {
  const base = { event: 'a', distinct_id: 'u' };

  it('corrects timestamp with sent_at: timestamp − (sent_at − receivedAt)', () => {
    // Client clock 10 minutes fast.
    const [mapped] = mapPosthogBody(
      { sent_at: '2026-11-21T17:17:43.000Z', batch: [{ ...base, timestamp: '2026-11-21T17:17:00.123Z' }] },
      context(),
    );
    expect(mapped.timestamp).toBe('2026-11-21T17:07:00.123Z');
  });

  it('uses the ?_= send time when the body has no sent_at, the body winning otherwise', () => {
    const ts = { ...base, timestamp: '2026-11-21T17:00:00.000Z' };
    const fromQuery = mapPosthogBody([ts], context(), { sentAt: new Date('2026-11-21T17:07:40.000Z') });
    expect(fromQuery[0].timestamp).toBe('2026-11-21T17:00:03.000Z');
    expect(fromQuery[0].sentAt).toBe('2026-11-21T17:07:40.000Z');
    const bodyWins = mapPosthogBody({ sent_at: '2026-11-21T17:07:43.000Z', batch: [ts] }, context(), {
      sentAt: new Date('2000-01-01T00:00:00.000Z'),
    });
    expect(bodyWins[0].timestamp).toBe('2026-11-21T17:00:00.000Z');
  });

  it('does not correct when properties.$ignore_sent_at is true (historical imports)', () => {
    const [mapped] = mapPosthogBody(
      {
        sent_at: '2026-11-21T17:17:43.000Z',
        batch: [{ ...base, timestamp: '2020-01-01T00:00:00.000Z', properties: { $ignore_sent_at: true } }],
      },
      context(),
    );
    expect(mapped.timestamp).toBe('2020-01-01T00:00:00.000Z');
  });

  it('subtracts offset (ms) from receivedAt when there is no timestamp + sent_at pair', () => {
    const events = mapPosthogBody(
      [
        { ...base, offset: 1500 },
        { ...base, offset: 1500, timestamp: '2020-01-01T00:00:00Z' },
      ],
      context(),
    );
    expect(events.map((e) => e.timestamp)).toEqual(['2026-11-21T17:07:41.500Z', '2026-11-21T17:07:41.500Z']);
  });

  it('keeps timestamp as given without sent_at, else uses receivedAt', () => {
    const events = mapPosthogBody([{ ...base, timestamp: '2024-01-01T00:00:00.123456+00:00' }, base], context());
    expect(events.map((e) => [e.timestamp, e.sentAt])).toEqual([
      ['2024-01-01T00:00:00.123Z', undefined],
      [RECEIVED_AT, undefined],
    ]);
  });
});

describe('mapPosthogBody: validation', () => {
  const ok = { event: 'a', distinct_id: 'u' };
  const batch = (...items: unknown[]) => ({ api_key: 'phc', batch: items });

  it.each([
    ['a string body', 'hello', '$'],
    ['batch not an array', { batch: { event: 'a' } }, 'batch'],
    ['a nested data wrapper', { data: { data: [ok] } }, 'data.data'],
    ['data that does not decode', { data: 'not base64 !' }, 'data'],
    ['a non-object event', batch(ok, 7), 'batch[1]'],
    ['a missing event name', batch({ distinct_id: 'u' }), 'batch[0].event'],
    ['an empty event name', batch({ ...ok, event: '' }), 'batch[0].event'],
    ['a numeric event name', batch({ ...ok, event: 5 }), 'batch[0].event'],
    ['a missing distinct_id', batch(ok, ok, ok, { event: 'a' }), 'batch[3].distinct_id'],
    ['an empty distinct_id', batch({ ...ok, distinct_id: '' }), 'batch[0].distinct_id'],
    ['an object distinct_id', batch({ ...ok, distinct_id: { id: 1 } }), 'batch[0].distinct_id'],
    ['a fractional distinct_id', batch({ ...ok, distinct_id: 1.5 }), 'batch[0].distinct_id'],
    ['an unsafe integer distinct_id', batch({ ...ok, distinct_id: 2 ** 60 }), 'batch[0].distinct_id'],
    ['a bad properties.distinct_id', batch({ event: 'a', properties: { distinct_id: [] } }), 'batch[0].properties.distinct_id'],
    ['a bad $anon_distinct_id', batch({ ...ok, event: '$identify', properties: { $anon_distinct_id: {} } }), 'batch[0].properties.$anon_distinct_id'],
    ['an alias without alias', batch({ ...ok, event: '$create_alias' }), 'batch[0].properties.alias'],
    ['a numeric uuid', batch({ ...ok, uuid: 5 }), 'batch[0].uuid'],
    ['a too long uuid', batch({ ...ok, uuid: 'u'.repeat(129) }), 'batch[0].uuid'],
    ['array properties', batch({ ...ok, properties: [] }), 'batch[0].properties'],
    ['a string $set', batch({ ...ok, $set: 'x' }), 'batch[0].$set'],
    ['a string properties.$set next to $set', batch({ ...ok, $set: {}, properties: { $set: 'x' } }), 'batch[0].properties.$set'],
    ['an unparseable timestamp', batch({ ...ok, timestamp: 'soon' }), 'batch[0].timestamp'],
    ['an epoch-millisecond timestamp', batch({ ...ok, timestamp: 1763744863000 }), 'batch[0].timestamp'],
    ['a numeric-string timestamp', batch({ ...ok, timestamp: '1763744863000' }), 'batch[0].timestamp'],
    ['a fractional offset', batch({ ...ok, offset: 1.5 }), 'batch[0].offset'],
    ['a string offset', batch({ ...ok, offset: '100' }), 'batch[0].offset'],
    ['an unparseable sent_at', { sent_at: 'x', batch: [ok] }, 'sent_at'],
  ])('refuses %s', (_what, body, field) => {
    const error = errorOf(() => mapPosthogBody(body, context()));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ field });
    expect(error.message).toContain(field);
  });

  it('accepts an event of exactly 32 KB and refuses one byte more', () => {
    const limit = INGEST_LIMITS.maxEventBytes;
    const sized = (bytes: number) => {
      const baseSize = JSON.stringify({ ...ok, properties: { pad: '' } }).length;
      return { ...ok, properties: { pad: 'x'.repeat(bytes - baseSize) } };
    };
    expect(mapPosthogBody(batch(sized(limit)), context())).toHaveLength(1);
    const error = errorOf(() => mapPosthogBody(batch(ok, sized(limit + 1)), context()));
    expect(error.code).toBe('EVENT_TOO_LARGE');
    expect(error.details).toEqual({ field: 'batch[1]', limitBytes: limit, sizeBytes: limit + 1 });
  });
});
