import fc from 'fast-check';
import { headers } from 'nats';
import { DomainError } from '@fulcrum/contracts';
import { ENVELOPE_LIMITS, childTraceparent, isActorId, isRequestId, isTraceparent, newTraceparent, randomHex, serviceEnvelope } from './envelope.format';
import { decodeActorName, encodeActorName, envelopeFromHeaders, envelopeHeaders, isControlCharacter, rpcEnvelopeHeaders } from './envelope.headers';
import { ENVELOPE_HEADERS, type RequestEnvelope, currentEnvelope, requireEnvelope, runWithEnvelope } from './request-envelope';

const USER = 'user:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const PROJECT = '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

const envelope = (overrides: Partial<RequestEnvelope> = {}): RequestEnvelope => ({
  actorId: USER,
  actorName: 'Zoë O’Brien 🧪',
  projectId: PROJECT,
  requestId: 'req-1',
  traceparent: TRACE,
  ...overrides,
});

/** Headers as a receiver gets them: encoded and decoded by the NATS client's own header codec. */
function overTheWire(set: (h: ReturnType<typeof headers>) => void) {
  const h = headers();
  set(h);
  return (h as unknown as { encode(): Uint8Array }).encode();
}
function received(bytes: Uint8Array) {
  // MsgHdrsImpl.decode is what the client runs on an incoming message.
  const impl = headers().constructor as unknown as { decode(a: Uint8Array): ReturnType<typeof headers> };
  return impl.decode(bytes);
}

/** Copies the headers of `from` into `into` (to send one header block over the codec). */
function copy(from: ReturnType<typeof headers>, into: ReturnType<typeof headers>): void {
  for (const key of from.keys()) into.set(key, from.get(key));
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('request envelope headers', () => {
  it('round-trips every field through the NATS header codec', () => {
    const sent = envelope();
    expect(envelopeFromHeaders(received(overTheWire((h) => envelopeHeaders(sent, h))))).toEqual(sent);
  });

  it('writes the documented header names, the display name percent-encoded', () => {
    const h = envelopeHeaders(envelope({ actorName: 'Ana\r\nX-Evil: 1' }));
    expect(h.get(ENVELOPE_HEADERS.actorId)).toBe(USER);
    expect(h.get(ENVELOPE_HEADERS.projectId)).toBe(PROJECT);
    expect(h.get(ENVELOPE_HEADERS.requestId)).toBe('req-1');
    expect(h.get(ENVELOPE_HEADERS.traceparent)).toBe(TRACE);
    // Control characters become spaces before encoding: no CR/LF can reach the header block.
    expect(h.get(ENVELOPE_HEADERS.actorName)).toBe('Ana%20%20X-Evil%3A%201');
  });

  it('keeps any display name (any Unicode, cut to the limit) through encoding and the wire', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (name) => {
        const h = received(overTheWire((x) => envelopeHeaders(envelope({ actorName: name }), x)));
        const expected = Array.from(name, (c) => (isControlCharacter(c) ? ' ' : c)).join('');
        expect(envelopeFromHeaders(h).actorName).toBe(expected === '' ? undefined : expected);
      }),
    );
    const long = 'é'.repeat(ENVELOPE_LIMITS.maxActorNameLength + 50);
    expect(decodeActorName(encodeActorName(long))).toBe('é'.repeat(ENVELOPE_LIMITS.maxActorNameLength));
    // A lone surrogate (not UTF-8) becomes U+FFFD instead of throwing.
    expect(decodeActorName(encodeActorName('a\uD800b'))).toBe('a\uFFFDb');
  });

  it('reads header names case-insensitively', () => {
    const h = headers();
    h.set('fulcrum-actor', 'service:analytics');
    h.set('x-request-id', 'abc');
    expect(envelopeFromHeaders(h)).toMatchObject({ actorId: 'service:analytics', requestId: 'abc' });
  });

  it('refuses a message without an actor, or with a malformed one, with ACTOR_MISSING', () => {
    expect(refusal(() => envelopeFromHeaders(undefined)).code).toBe('ACTOR_MISSING');
    const h = headers();
    h.set(ENVELOPE_HEADERS.requestId, 'r1');
    expect(refusal(() => envelopeFromHeaders(h))).toMatchObject({ code: 'ACTOR_MISSING', details: { header: 'Fulcrum-Actor' } });
    for (const bad of ['token:1:ana', 'user:not-a-uuid', 'service:', 'service:Ana Smith', 'write-key:wk_abc', 'user:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b:x']) {
      const m = headers();
      m.set(ENVELOPE_HEADERS.actorId, bad);
      expect(refusal(() => envelopeFromHeaders(m)).code).toBe('ACTOR_MISSING');
    }
  });

  it.each([
    ['X-Request-Id', 'has spaces'],
    ['X-Request-Id', 'x'.repeat(129)],
    ['Fulcrum-Project', 'p1'],
    ['Fulcrum-Actor-Name', '%E0%A4%A'],
    ['Fulcrum-Actor-Name', 'a%0Ab'],
  ])('refuses a malformed %s with VALIDATION_FAILED naming the header', (header, value) => {
    const h = headers();
    h.set(ENVELOPE_HEADERS.actorId, 'service:gateway');
    h.set(header, value);
    expect(refusal(() => envelopeFromHeaders(h))).toMatchObject({ code: 'VALIDATION_FAILED', details: { header } });
  });

  it('generates a missing request id and replaces a missing or malformed traceparent', () => {
    const h = headers();
    h.set(ENVELOPE_HEADERS.actorId, 'write-key:0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e');
    h.set(ENVELOPE_HEADERS.traceparent, '00-00000000000000000000000000000000-00f067aa0ba902b7-01');
    const e = envelopeFromHeaders(h);
    expect(isRequestId(e.requestId)).toBe(true);
    expect(isTraceparent(e.traceparent)).toBe(true);
    expect(e.traceparent).not.toContain('00000000000000000000000000000000');
    expect(e).not.toHaveProperty('projectId');
    expect(e).not.toHaveProperty('actorName');
  });

  it('refuses to send an envelope that is not well-formed (a caller bug)', () => {
    expect(() => envelopeHeaders(envelope({ actorId: 'token:1:ana' }))).toThrow(/not an actor id/);
    expect(() => envelopeHeaders(envelope({ requestId: 'a\nb' }))).toThrow(/not a request id/);
    expect(() => envelopeHeaders(envelope({ projectId: 'p' }))).toThrow(/not a project id/);
  });

  it('gives each RPC of a request a child span, and the payload\'s project when the envelope names none', () => {
    const unscoped = envelope({ projectId: undefined });
    const sent = rpcEnvelopeHeaders(unscoped, PROJECT);
    const first = envelopeFromHeaders(received(overTheWire((h) => copy(sent, h))));
    const second = envelopeFromHeaders(rpcEnvelopeHeaders(unscoped, 'not-a-project'));
    expect(first).toMatchObject({ actorId: USER, actorName: 'Zoë O’Brien 🧪', projectId: PROJECT, requestId: 'req-1' });
    expect(second).not.toHaveProperty('projectId');
    for (const e of [first, second]) {
      expect(e.traceparent.slice(0, 36)).toBe(TRACE.slice(0, 36));
      expect(e.traceparent).not.toBe(TRACE);
      expect(e.traceparent.endsWith('-01')).toBe(true);
    }
    expect(first.traceparent).not.toBe(second.traceparent);
    // The envelope's own project wins over the payload's.
    const other = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    expect(envelopeFromHeaders(rpcEnvelopeHeaders(envelope(), other)).projectId).toBe(PROJECT);
  });

  it('follows an envelope whose actor is named after its first RPC (the edge envelope once the caller is known)', () => {
    const edge = envelope({ actorId: 'service:gateway', actorName: undefined });
    expect(envelopeFromHeaders(rpcEnvelopeHeaders(edge, undefined))).toMatchObject({ actorId: 'service:gateway' });
    expect(envelopeFromHeaders(rpcEnvelopeHeaders(edge, undefined))).not.toHaveProperty('actorName');
    edge.actorId = USER;
    edge.actorName = 'Ana';
    expect(envelopeFromHeaders(rpcEnvelopeHeaders(edge, undefined))).toMatchObject({ actorId: USER, actorName: 'Ana' });
    edge.actorName = 'Zoë';
    expect(envelopeFromHeaders(rpcEnvelopeHeaders(edge, undefined)).actorName).toBe('Zoë');
    // A malformed value written later is still refused, not served from what was validated before.
    edge.requestId = 'a b';
    expect(() => rpcEnvelopeHeaders(edge, undefined)).toThrow(/not a request id/);
  });
});

describe('pooled random ids', () => {
  it('draws lowercase hex of the asked length, never all zeros, unique across pool refills', () => {
    const seen = new Set<string>();
    // 4 KiB pool, 8 bytes each: 2,000 draws cross the refill four times.
    for (let i = 0; i < 2_000; i += 1) {
      const hex = randomHex(8);
      expect(hex).toMatch(/^[0-9a-f]{16}$/);
      expect(hex).not.toMatch(/^0+$/);
      seen.add(hex);
    }
    expect(seen.size).toBe(2_000);
    expect(randomHex(16)).toMatch(/^[0-9a-f]{32}$/);
    expect(() => randomHex(0)).toThrow(RangeError);
  });
});

describe('request envelope values', () => {
  it('knows the three kinds of actor', () => {
    expect(isActorId(USER)).toBe(true);
    expect(isActorId('service:ingest')).toBe(true);
    expect(isActorId('write-key:0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e')).toBe(true);
    expect(isActorId('user:')).toBe(false);
  });

  it('accepts request ids of at most 128 characters of [A-Za-z0-9._:-]', () => {
    expect(isRequestId('a'.repeat(128))).toBe(true);
    expect(isRequestId('a'.repeat(129))).toBe(false);
    expect(isRequestId('4bf92f35-77b3.4da6:a3ce_929d')).toBe(true);
    expect(isRequestId('')).toBe(false);
    expect(isRequestId('a/b')).toBe(false);
  });

  it('validates W3C traceparent and continues a trace with a new span id', () => {
    expect(isTraceparent(TRACE)).toBe(true);
    expect(isTraceparent(TRACE.toUpperCase())).toBe(false);
    expect(isTraceparent('ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(false);
    expect(isTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01')).toBe(false);
    expect(isTraceparent(`${TRACE}-extra`)).toBe(false);
    expect(isTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra')).toBe(true);
    const child = childTraceparent(TRACE);
    expect(child).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(child).not.toBe(TRACE);
    expect(isTraceparent(childTraceparent('garbage'))).toBe(true);
    expect(isTraceparent(newTraceparent())).toBe(true);
  });

  it('builds a service envelope, new or continuing the request that caused it', () => {
    const fresh = serviceEnvelope('analytics');
    expect(fresh.actorId).toBe('service:analytics');
    expect(isRequestId(fresh.requestId) && isTraceparent(fresh.traceparent)).toBe(true);
    const caused = serviceEnvelope('analytics', { requestId: 'r9', traceparent: TRACE, projectId: PROJECT });
    expect(caused).toMatchObject({ actorId: 'service:analytics', requestId: 'r9', projectId: PROJECT });
    expect(caused.traceparent.slice(0, 36)).toBe(TRACE.slice(0, 36));
    expect(() => serviceEnvelope('Not A Name')).toThrow();
  });

  it('keeps the current envelope across awaits, and requireEnvelope refuses outside one', async () => {
    expect(currentEnvelope()).toBeUndefined();
    expect(() => requireEnvelope()).toThrow(expect.objectContaining({ code: 'ACTOR_MISSING' }));
    const e = envelope();
    await runWithEnvelope(e, async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(requireEnvelope()).toBe(e);
    });
    expect(currentEnvelope()).toBeUndefined();
  });
});
