import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { INGEST_LIMITS } from '@fulcrum/contracts';
import { decodeDataField, decodeRequestBody } from './body-decoder';
import { errorOf, rawFixture } from './wire.test-helpers';

// The real gunzip, wrapped so the tests can see how it was called.
jest.mock('node:zlib', () => {
  const actual = jest.requireActual<typeof import('node:zlib')>('node:zlib');
  return { ...actual, gunzipSync: jest.fn(actual.gunzipSync) };
});
const gunzip = jest.mocked(gunzipSync);

const fixture = rawFixture;


/** A JSON document of exactly `size` bytes. */
function jsonOfSize(size: number): Buffer {
  const base = Buffer.byteLength('{"batch":[],"pad":""}');
  return Buffer.from(`{"batch":[],"pad":"${'x'.repeat(size - base)}"}`);
}

describe('decodeRequestBody', () => {
  const segmentRaw = fixture('segment-analytics-node.batch.json');
  const segmentBody = JSON.parse(segmentRaw.toString('utf8')) as unknown;

  it('parses JSON whatever the Content-Type says (browsers send text/plain)', () => {
    const ajs = fixture('segment-analytics-js.track.json');
    expect(decodeRequestBody(ajs, { contentType: 'text/plain' })).toEqual(JSON.parse(ajs.toString('utf8')));
    expect(decodeRequestBody(segmentRaw, {})).toEqual(segmentBody);
    expect(decodeRequestBody(segmentRaw, { contentType: 'application/octet-stream' })).toEqual(segmentBody);
  });

  it('gunzips when Content-Encoding says gzip', () => {
    const gz = gzipSync(segmentRaw);
    expect(decodeRequestBody(gz, { contentEncoding: 'gzip', contentType: 'application/json' })).toEqual(segmentBody);
    expect(decodeRequestBody(gz, { contentEncoding: 'GZIP' })).toEqual(segmentBody);
    expect(decodeRequestBody(gz, { contentEncoding: 'x-gzip' })).toEqual(segmentBody);
  });

  it('gunzips by magic bytes when the header is missing (posthog-js ?compression=gzip-js)', () => {
    const gz = gzipSync(segmentRaw);
    expect(gz[0]).toBe(0x1f);
    expect(decodeRequestBody(gz, { contentType: 'text/plain' })).toEqual(segmentBody);
    expect(decodeRequestBody(gz, { contentEncoding: 'identity' })).toEqual(segmentBody);
  });

  it('treats identity and an empty header as uncompressed', () => {
    expect(decodeRequestBody(Buffer.from('{"a":1}'), { contentEncoding: 'identity' })).toEqual({ a: 1 });
    expect(decodeRequestBody(Buffer.from('{"a":1}'), { contentEncoding: '' })).toEqual({ a: 1 });
  });

  it.each(['br', 'deflate', 'lz64', 'gzip, br', 'compress'])('refuses Content-Encoding %s', (encoding) => {
    const error = errorOf(() => decodeRequestBody(Buffer.from('{}'), { contentEncoding: encoding }));
    expect(error.code).toBe('UNSUPPORTED_ENCODING');
    expect(error.details).toEqual({ contentEncoding: encoding, supported: ['gzip', 'identity'] });
  });

  it('reports a corrupt gzip stream as BODY_NOT_JSON', () => {
    const truncated = gzipSync(segmentRaw).subarray(0, 40);
    const error = errorOf(() => decodeRequestBody(truncated, { contentEncoding: 'gzip' }));
    expect(error.code).toBe('BODY_NOT_JSON');
    expect(error.message).toContain('corrupt gzip');
  });

  it('reports a body labelled gzip that is not gzip as a corrupt gzip stream', () => {
    const error = errorOf(() => decodeRequestBody(Buffer.from('{"a":1}'), { contentEncoding: 'gzip' }));
    expect(error.code).toBe('BODY_NOT_JSON');
    expect(error.message).toContain('corrupt gzip');
  });

  it.each([
    ['an empty body', '', 'request body is empty'],
    ['a blank body', ' \n\t', 'request body is empty'],
    ['invalid JSON', '{"batch": [', 'request body is not valid JSON'],
    ['a bare word', 'hello', 'request body is not valid JSON'],
  ])('refuses %s', (_what, text, message) => {
    const error = errorOf(() => decodeRequestBody(Buffer.from(text), { contentType: 'application/json' }));
    expect(error.code).toBe('BODY_NOT_JSON');
    expect(error.message).toContain(message);
  });

  it('refuses invalid UTF-8 rather than replacing bytes', () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const error = errorOf(() => decodeRequestBody(bytes, {}));
    expect(error.code).toBe('BODY_NOT_JSON');
    expect(error.message).toContain('UTF-8');
  });

  it('accepts a leading byte-order mark', () => {
    expect(decodeRequestBody(Buffer.from('\ufeff{"a":1}'), {})).toEqual({ a: 1 });
  });

  describe('PostHog legacy form bodies', () => {
    const events = [{ event: 'clicked', distinct_id: 'u1', properties: { token: 'phc_x' } }];
    const json = JSON.stringify(events);
    const base64 = Buffer.from(json).toString('base64');

    it('reads data= as JSON', () => {
      const body = `data=${encodeURIComponent(json)}`;
      expect(decodeRequestBody(Buffer.from(body), { contentType: 'application/x-www-form-urlencoded' })).toEqual(events);
    });

    it('reads data= as base64 JSON, even without a form Content-Type', () => {
      const body = `data=${encodeURIComponent(base64)}&compression=base64`;
      expect(decodeRequestBody(Buffer.from(body), { contentType: 'text/plain' })).toEqual(events);
    });

    it('reads base64 whose + signs were not percent-encoded (form decoding turns them into spaces)', () => {
      const withPlus = Buffer.from(JSON.stringify({ event: 'ü>?', distinct_id: '~~~>>>' })).toString('base64');
      expect(withPlus).toContain('+');
      const decoded = decodeRequestBody(Buffer.from(`data=${withPlus}`), { contentType: 'application/x-www-form-urlencoded' });
      expect(decoded).toEqual({ event: 'ü>?', distinct_id: '~~~>>>' });
    });

    it('refuses percent-encoded bytes that are not UTF-8 instead of replacing them with U+FFFD', () => {
      const body = `data=${encodeURIComponent(JSON.stringify({ event: 'e', distinct_id: 'u', uuid: 'X' })).replace('X', '%FF%FE')}`;
      expect(() => decodeRequestBody(Buffer.from(body), { contentType: 'application/x-www-form-urlencoded' })).toThrow(
        expect.objectContaining({ code: 'BODY_NOT_JSON', message: 'the form field "data" is not valid percent-encoded UTF-8' }),
      );
    });

    it('finds data among other fields, whatever their order', () => {
      const body = `_=1700000000000&ver=1.0&data=${encodeURIComponent(json)}`;
      expect(decodeRequestBody(Buffer.from(body), { contentType: 'application/x-www-form-urlencoded' })).toEqual(events);
    });

    it('reads a gzipped form body', () => {
      const gz = gzipSync(Buffer.from(`data=${encodeURIComponent(base64)}`));
      expect(decodeRequestBody(gz, { contentType: 'application/x-www-form-urlencoded' })).toEqual(events);
    });

    it('still reads JSON sent with the form media type (curl -d)', () => {
      expect(decodeRequestBody(Buffer.from(json), { contentType: 'application/x-www-form-urlencoded' })).toEqual(events);
    });

    it('refuses a form body without data', () => {
      const error = errorOf(() =>
        decodeRequestBody(Buffer.from('foo=bar'), { contentType: 'application/x-www-form-urlencoded' }),
      );
      expect(error.code).toBe('BODY_NOT_JSON');
      expect(error.message).toContain('no "data" field');
    });

    it('refuses a data field that is neither JSON nor base64 JSON', () => {
      for (const data of ['not json!', Buffer.from('not json').toString('base64')]) {
        const error = errorOf(() => decodeRequestBody(Buffer.from(`data=${encodeURIComponent(data)}`), {}));
        expect(error.code).toBe('BODY_NOT_JSON');
        expect(error.message).toContain('neither JSON nor base64-encoded JSON');
      }
    });

    it('exposes the data decoder for GET ?data=', () => {
      expect(decodeDataField(base64)).toEqual(events);
      expect(decodeDataField(json)).toEqual(events);
    });
  });

  describe('limits', () => {
    it('accepts a body of exactly maxBatchBytes (500 KB) and refuses one byte more', () => {
      const limit = INGEST_LIMITS.maxBatchBytes;
      expect(limit).toBe(500 * 1024);
      expect(decodeRequestBody(jsonOfSize(limit), {})).toMatchObject({ batch: [] });
      const error = errorOf(() => decodeRequestBody(jsonOfSize(limit + 1), {}));
      expect(error.code).toBe('BODY_TOO_LARGE');
      expect(error.details).toEqual({ limitBytes: limit, sizeBytes: limit + 1 });
    });

    it('measures the limit after gunzip', () => {
      const limit = INGEST_LIMITS.maxBatchBytes;
      expect(decodeRequestBody(gzipSync(jsonOfSize(limit)), {})).toMatchObject({ batch: [] });
      const error = errorOf(() => decodeRequestBody(gzipSync(jsonOfSize(limit + 1)), { contentEncoding: 'gzip' }));
      expect(error.code).toBe('BODY_TOO_LARGE');
      expect(error.details).toMatchObject({ limitBytes: limit, compressed: true });
    });

    it('stops a gzip bomb at the limit instead of inflating it', () => {
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)); // 64 MB of spaces in ~64 KB
      expect(bomb.length).toBeLessThan(INGEST_LIMITS.maxCompressedBytes);
      const error = errorOf(() => decodeRequestBody(bomb, { contentEncoding: 'gzip' }));
      expect(error.code).toBe('BODY_TOO_LARGE');
      expect(error.details).toEqual({
        limitBytes: INGEST_LIMITS.maxBatchBytes,
        compressedBytes: bomb.length,
        compressed: true,
      });
    });

    it('caps inflation at maxBatchBytes + 1 so a bomb never allocates more', () => {
      gunzip.mockClear();
      const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
      expect(errorOf(() => decodeRequestBody(bomb, {})).code).toBe('BODY_TOO_LARGE');
      expect(gunzip).toHaveBeenCalledTimes(1);
      expect(gunzip).toHaveBeenCalledWith(bomb, { maxOutputLength: INGEST_LIMITS.maxBatchBytes + 1 });
    });

    it('refuses compressed input larger than maxCompressedBytes before inflating', () => {
      gunzip.mockClear();
      const incompressible = gzipSync(randomBytes(INGEST_LIMITS.maxCompressedBytes + 1024));
      const error = errorOf(() => decodeRequestBody(incompressible, { contentEncoding: 'gzip' }));
      expect(error.code).toBe('BODY_TOO_LARGE');
      expect(error.details).toEqual({
        limitBytes: INGEST_LIMITS.maxCompressedBytes,
        sizeBytes: incompressible.length,
        compressed: true,
      });
      expect(gunzip).not.toHaveBeenCalled();
    });

    it('takes the limits as a parameter', () => {
      const limits = { maxBatchBytes: 10, maxCompressedBytes: 100 };
      expect(decodeRequestBody(Buffer.from('[1,2,3,4]'), {}, limits)).toEqual([1, 2, 3, 4]);
      expect(errorOf(() => decodeRequestBody(Buffer.from('[1,2,3,4,5]'), {}, limits)).details).toEqual({
        limitBytes: 10,
        sizeBytes: 11,
      });
    });
  });
});
