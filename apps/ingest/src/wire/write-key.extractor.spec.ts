import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { posthogApiKey, segmentWriteKey, writeKeyFromBasic, writeKeyFromBearer } from './write-key.extractor';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

/** The Authorization header @segment/analytics-node sent when the fixture was recorded. */
const ANALYTICS_NODE_AUTHORIZATION = 'Basic d2tfc2VnbWVudF9maXh0dXJlOg==';

describe('writeKeyFromBearer', () => {
  it.each([
    ['Bearer wk_live_123', 'wk_live_123'],
    ['bearer wk_live_123', 'wk_live_123'],
    ['  Bearer   wk_live_123  ', 'wk_live_123'],
  ])('%j → %j', (header, key) => {
    expect(writeKeyFromBearer(header)).toBe(key);
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic d2s6', 'wk_live_123', 'Bearer a b'])('%j → undefined', (header) => {
    expect(writeKeyFromBearer(header)).toBeUndefined();
  });
});

describe('writeKeyFromBasic', () => {
  it('reads the user part of what analytics-node sends', () => {
    expect(writeKeyFromBasic(ANALYTICS_NODE_AUTHORIZATION)).toBe('wk_segment_fixture');
  });

  it.each([
    [basic('wk_1:'), 'wk_1'],
    [basic('wk_1:ignored-password'), 'wk_1'],
    [basic('wk_1'), 'wk_1'],
    [`basic ${Buffer.from('wk_1:').toString('base64')}`, 'wk_1'],
  ])('%j → %j', (header, key) => {
    expect(writeKeyFromBasic(header)).toBe(key);
  });

  it.each([
    undefined,
    '',
    'Basic',
    basic(':password-only'),
    basic(':'),
    'Basic !!!not-base64!!!',
    `Basic ${Buffer.from([0xff, 0xfe, 0x3a]).toString('base64')}`, // not UTF-8
    'Bearer d2tfMTo=',
  ])('%j → undefined', (header) => {
    expect(writeKeyFromBasic(header)).toBeUndefined();
  });
});

describe('segmentWriteKey', () => {
  it('prefers the Basic user', () => {
    expect(segmentWriteKey(ANALYTICS_NODE_AUTHORIZATION, { writeKey: 'from-body' })).toBe('wk_segment_fixture');
  });

  it('falls back to writeKey in the body (analytics.js)', () => {
    expect(segmentWriteKey(undefined, fixture('segment-analytics-js.track.json'))).toBe('wk_browser_fixture');
    expect(segmentWriteKey('Basic', fixture('segment-analytics-node.batch.json'))).toBe('wk_segment_fixture');
  });

  it('falls back to the writeKey of the first batch item (analytics.js batching)', () => {
    expect(segmentWriteKey(undefined, { batch: [{ writeKey: 'wk_item' }, { writeKey: 'other' }] })).toBe('wk_item');
  });

  it.each([
    [undefined, undefined],
    [undefined, null],
    [undefined, 'wk'],
    [undefined, { writeKey: 42 }],
    [undefined, { writeKey: '' }],
    [undefined, { batch: [] }],
    [undefined, { batch: [null] }],
  ])('%j with body %j → undefined', (header, body) => {
    expect(segmentWriteKey(header, body)).toBeUndefined();
  });
});

describe('posthogApiKey', () => {
  it('reads api_key from what posthog-node sends', () => {
    expect(posthogApiKey(fixture('posthog-node.batch.json'))).toBe('phc_posthog_fixture');
  });

  it.each([
    ['body token', { token: 'phc_a', batch: [] }, 'phc_a'],
    ['body $token', { $token: 'phc_a', event: 'x' }, 'phc_a'],
    ['api_key before token', { api_key: 'phc_a', token: 'phc_b' }, 'phc_a'],
    ['first batch event api_key', { batch: [{ api_key: 'phc_e' }] }, 'phc_e'],
    ['first batch event properties.token', { batch: [{ properties: { token: 'phc_p' } }] }, 'phc_p'],
    ['array of events (posthog-js)', [{ event: 'a', properties: { token: 'phc_js' } }], 'phc_js'],
    ['single event', { event: 'a', properties: { token: 'phc_one' } }, 'phc_one'],
    ['single event api_key', { event: 'a', api_key: 'phc_one' }, 'phc_one'],
    ['data wrapper', { data: [{ event: 'a', properties: { token: 'phc_d' } }] }, 'phc_d'],
    [
      'base64 data wrapper',
      { data: Buffer.from(JSON.stringify({ event: 'a', properties: { token: 'phc_b64' } })).toString('base64') },
      'phc_b64',
    ],
  ])('%s', (_what, body, key) => {
    expect(posthogApiKey(body)).toBe(key);
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'phc'],
    ['no token anywhere', { batch: [{ event: 'a' }] }],
    ['empty batch', { batch: [] }],
    ['non-string token', { api_key: 7 }],
    ['undecodable data', { data: '%%%' }],
  ])('%s → undefined', (_what, body) => {
    expect(posthogApiKey(body)).toBeUndefined();
  });
});
