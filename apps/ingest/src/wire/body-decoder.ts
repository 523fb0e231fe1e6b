/**
 * Turns a raw request body into a JSON value, whatever the front door: gunzips (by header or by magic
 * bytes), enforces the size limits before and after inflating, unwraps PostHog's legacy
 * `data=<json|base64>` form bodies and parses JSON regardless of Content-Type (browsers send text/plain).
 */
import { gunzipSync } from 'node:zlib';
import { DomainError, INGEST_LIMITS, findUnstorableJson } from '@fulcrum/contracts';

export interface BodyHeaders {
  contentEncoding?: string;
  contentType?: string;
}

export type BodyLimits = Pick<typeof INGEST_LIMITS, 'maxBatchBytes' | 'maxCompressedBytes'>;

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeRequestBody(raw: Buffer, headers: BodyHeaders, limits: BodyLimits = INGEST_LIMITS): unknown {
  const encoding = contentEncoding(headers.contentEncoding);
  const gzipped = encoding === 'gzip' || hasGzipMagic(raw);
  const bytes = gzipped ? gunzip(raw, limits) : raw;
  if (!gzipped && bytes.length > limits.maxBatchBytes) {
    throw new DomainError(
      'BODY_TOO_LARGE',
      `request body is ${bytes.length} bytes, the limit is ${limits.maxBatchBytes} bytes`,
      { limitBytes: limits.maxBatchBytes, sizeBytes: bytes.length },
    );
  }

  let text: string;
  try {
    text = utf8.decode(bytes); // also strips a leading byte-order mark
  } catch {
    throw new DomainError('BODY_NOT_JSON', `request body${gzipped ? ' (after gunzip)' : ''} is not valid UTF-8`);
  }
  if (text.trim() === '') throw new DomainError('BODY_NOT_JSON', 'request body is empty');

  if (isFormBody(headers.contentType, text)) {
    const data = formField(text, 'data');
    if (data === null) {
      throw new DomainError('BODY_NOT_JSON', 'form-encoded request body has no "data" field');
    }
    return decodeDataField(data);
  }
  return parseJson(text, 'request body');
}

/**
 * Decodes a PostHog `data` value (form field or `?data=` query parameter): JSON, or base64-encoded JSON.
 * Spaces are read back as `+`, because legacy clients do not percent-encode the base64 alphabet and form
 * decoding turns `+` into a space.
 */
export function decodeDataField(data: string): unknown {
  const trimmed = data.trim();
  if (trimmed === '') throw new DomainError('BODY_NOT_JSON', 'the "data" field is empty');
  const asJson = tryParseJson(trimmed);
  if (asJson.ok) return asJson.value;

  const base64 = trimmed.replace(/ /g, '+').replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(base64)) {
    throw new DomainError('BODY_NOT_JSON', 'the "data" field is neither JSON nor base64-encoded JSON');
  }
  let decoded: string;
  try {
    decoded = utf8.decode(Buffer.from(base64, 'base64'));
  } catch {
    throw new DomainError('BODY_NOT_JSON', 'the "data" field is base64 but does not decode to UTF-8 text');
  }
  const fromBase64 = tryParseJson(decoded);
  if (!fromBase64.ok) {
    throw new DomainError('BODY_NOT_JSON', 'the "data" field is neither JSON nor base64-encoded JSON');
  }
  return fromBase64.value;
}

function contentEncoding(header: string | undefined): 'gzip' | 'identity' {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return 'identity';
  if (codings.length === 1 && (codings[0] === 'gzip' || codings[0] === 'x-gzip')) return 'gzip';
  throw new DomainError(
    'UNSUPPORTED_ENCODING',
    `Content-Encoding "${header}" is not supported; send the body uncompressed or gzip-compressed`,
    { contentEncoding: header, supported: ['gzip', 'identity'] },
  );
}

function hasGzipMagic(raw: Buffer): boolean {
  return raw.length >= 2 && raw[0] === GZIP_MAGIC_0 && raw[1] === GZIP_MAGIC_1;
}

function gunzip(raw: Buffer, limits: BodyLimits): Buffer {
  if (raw.length > limits.maxCompressedBytes) {
    throw new DomainError(
      'BODY_TOO_LARGE',
      `compressed request body is ${raw.length} bytes, the limit is ${limits.maxCompressedBytes} bytes`,
      { limitBytes: limits.maxCompressedBytes, sizeBytes: raw.length, compressed: true },
    );
  }
  let inflated: Buffer;
  try {
    // The cap keeps a zip bomb from inflating past the limit: zlib stops at maxBatchBytes + 1.
    inflated = gunzipSync(raw, { maxOutputLength: limits.maxBatchBytes + 1 });
  } catch (error: unknown) {
    if (error instanceof RangeError || (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLargeAfterGunzip(limits, raw.length);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new DomainError('BODY_NOT_JSON', `request body is not a valid gzip stream (corrupt gzip: ${reason})`);
  }
  if (inflated.length > limits.maxBatchBytes) throw tooLargeAfterGunzip(limits, raw.length);
  return inflated;
}

function tooLargeAfterGunzip(limits: BodyLimits, compressedBytes: number): DomainError {
  return new DomainError(
    'BODY_TOO_LARGE',
    `request body inflates to more than ${limits.maxBatchBytes} bytes, the limit after gunzip`,
    { limitBytes: limits.maxBatchBytes, compressedBytes, compressed: true },
  );
}

/**
 * The first value of `name` in a form-encoded text, percent-decoded as strict UTF-8 (`+` is a
 * space). URLSearchParams would replace invalid bytes with U+FFFD silently, changing event ids.
 */
export function formField(text: string, name: string): string | null {
  for (const pair of text.split('&')) {
    const eq = pair.indexOf('=');
    const key = decodeFormComponent(eq === -1 ? pair : pair.slice(0, eq), 'a form field name');
    if (key === name) return eq === -1 ? '' : decodeFormComponent(pair.slice(eq + 1), `the form field "${name}"`);
  }
  return null;
}

function decodeFormComponent(text: string, what: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new DomainError('BODY_NOT_JSON', `${what} is not valid percent-encoded UTF-8`);
  }
}

/**
 * PostHog's legacy form body. A JSON document sent with the form media type (what `curl -d` does by default)
 * is still read as JSON: a form body never starts with `{` or `[`.
 */
function isFormBody(contentType: string | undefined, text: string): boolean {
  if (text.startsWith('data=')) return true;
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const looksLikeJson = /^\s*[[{]/.test(text);
  return mediaType === 'application/x-www-form-urlencoded' && !looksLikeJson;
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error: unknown) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  assertStorableJson(value);
  return { ok: true, value };
}

/**
 * Every parsed body (and every JSON `data` field) meets the storable rule before anything else reads
 * it: no lone surrogates, no number JSON cannot write back (1e400), no nesting deeper than the store
 * and our own serialisers take. Refused with the offending field, e.g. `batch[2].properties.k`.
 */
function assertStorableJson(value: unknown): void {
  const violation = findUnstorableJson(value, '');
  if (violation) {
    const field = violation.field === '' ? '$' : violation.field;
    throw new DomainError('VALIDATION_FAILED', `${field}: ${violation.reason}`, { field });
  }
}

function parseJson(text: string, what: string): unknown {
  const parsed = tryParseJson(text);
  if (!parsed.ok) throw new DomainError('BODY_NOT_JSON', `${what} is not valid JSON: ${parsed.reason}`);
  return parsed.value;
}
