import { JSONCodec, type NatsConnection } from 'nats';
import { RPC } from '@fulcrum/contracts';
import { type RequestEnvelope, envelopeAsyncContextEntered, envelopeFromHeaders, isRequestId } from '@fulcrum/messaging';
import { type RunningGateway } from '../src/gateway.bootstrap';
import { type GatewayUnderTest, startGatewayUnderTest } from './support/gateway-under-test';

const ADMIN_TOKEN = 'ful_test_admin_token_envelope_0123456789';
const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const KEY_QUERY = 'query KeyOfTheTrail { auditPublicKey { keyId } }';
/** Nest colours its log lines (unless NO_COLOR is set). */
const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * The gateway edge of the request envelope: the request id (from `x-request-id`, else new) on the
 * HTTP response, in GraphQL errors, on the gateway's log line of the operation and in the NATS
 * headers of every RPC it makes, with the trace continued and the authenticated caller as actor.
 */
describe('gateway request envelope (real nats-server and gateway, fake governance responder)', () => {
  let gateway: RunningGateway;
  let harness: GatewayUnderTest;
  let nc: NatsConnection;
  const received: RequestEnvelope[] = [];
  let fail = false;

  async function gql(query: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
    return { requestId: res.headers.get('x-request-id'), ...body };
  }

  /** What the gateway writes to stdout while `fn` runs (its logger writes there), without colours. */
  async function logged<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string }> {
    const chunks: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      const result = await fn();
      await new Promise((r) => setTimeout(r, 50));
      return { result, lines: chunks.join('').replace(ANSI_COLOR, '') };
    } finally {
      spy.mockRestore();
    }
  }

  beforeAll(async () => {
    harness = await startGatewayUnderTest({ bootstrapAdminToken: ADMIN_TOKEN });
    gateway = harness.gateway;
    nc = harness.nc;
    const codec = JSONCodec<Record<string, unknown>>();
    const sub = nc.subscribe(RPC.governanceAuditPublicKeyGet);
    void (async () => {
      for await (const msg of sub) {
        const packet = codec.decode(msg.data) as { id: string };
        received.push(envelopeFromHeaders(msg.headers));
        const answer = fail ? { err: { code: 'SERVICE_UNAVAILABLE', message: 'down for the test' } } : { response: { publicKeyPem: 'pem', keyId: 'k1' } };
        msg.respond(codec.encode({ id: packet.id, ...answer, isDisposed: true }));
      }
    })();
    await nc.flush();
  });

  afterEach(() => {
    received.length = 0;
    fail = false;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('carries the incoming request id and trace to the service, with the caller as actor, and logs the operation under that id', async () => {
    const { result: res, lines } = await logged(() => gql(KEY_QUERY, { 'x-request-id': 'client.req-1', traceparent: TRACE }));
    expect(res.errors).toBeUndefined();
    expect(res.data?.['auditPublicKey']).toEqual({ keyId: 'k1' });
    expect(res.requestId).toBe('client.req-1');
    expect(received).toHaveLength(1);
    const [envelope] = received as [RequestEnvelope];
    expect(envelope.actorId).toMatch(/^user:[0-9a-f-]{36}$/);
    expect(envelope.actorName).toEqual(expect.any(String));
    expect(envelope.requestId).toBe('client.req-1');
    // the trace goes on: same trace id, another span
    expect(envelope.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(envelope.traceparent).not.toBe(TRACE);
    expect(lines).toMatch(/\[GraphQL\] \[req client\.req-1\] graphql KeyOfTheTrail \d+ms ok/);
  });

  it('generates a request id when none (or an invalid one) comes, and names it in GraphQL errors', async () => {
    fail = true;
    const res = await gql(KEY_QUERY, { 'x-request-id': 'not valid!' });
    expect(isRequestId(res.requestId)).toBe(true);
    expect(res.requestId).not.toBe('not valid!');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', requestId: res.requestId });
    expect(received.map((e) => e.requestId)).toEqual([res.requestId]);
  });

  it('names the request id in errors that never reach a resolver, and on every HTTP response', async () => {
    const unauthenticated = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'anon-1' },
      body: JSON.stringify({ query: KEY_QUERY }),
    });
    expect(unauthenticated.headers.get('x-request-id')).toBe('anon-1');
    const body = (await unauthenticated.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: 'anon-1' });
    const invalid = await gql('{ nope }', { 'x-request-id': 'bad-doc' });
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ requestId: 'bad-doc' });
    // refused at the HTTP front door, before Apollo parses it
    const tooLarge = await gql(`{ ${'a '.repeat(6_000)}}`, { 'x-request-id': 'too-large' });
    expect(tooLarge.requestId).toBe('too-large');
    expect(tooLarge.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', requestId: 'too-large' });
    expect(received).toEqual([]);
    const health = await fetch(`${gateway.url}/health`, { headers: { 'x-request-id': 'probe-1' } });
    expect(health.headers.get('x-request-id')).toBe('probe-1');
  });

  it('serves all of that without ever entering the envelope\'s async-local storage (Node 20 promise hooks)', async () => {
    // Concurrent requests keep their own envelopes although nothing async-local carries them.
    const ids = Array.from({ length: 8 }, (_, i) => `concurrent-${i}`);
    const answers = await Promise.all(ids.map((id) => gql(KEY_QUERY, { 'x-request-id': id })));
    expect(answers.map((a) => a.errors)).toEqual(ids.map(() => undefined));
    expect(received.map((e) => e.requestId).sort()).toEqual([...ids].sort());
    // Every test above ran in this process with this gateway: start-up jobs, refusals, errors, logs.
    expect(envelopeAsyncContextEntered()).toBe(false);
  });
});
