import Fastify, { type FastifyInstance } from 'fastify';
import { isRequestId, isTraceparent } from './envelope.format';
import { httpEdgeEnvelope, httpRequestEnvelope, installHttpRequestEnvelope, setHttpRequestActor } from './http-request-envelope.hook';
import { currentEnvelope } from './request-envelope';

const USER = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('HTTP request envelope', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    installHttpRequestEnvelope(app, { actorId: 'service:gateway' });
    // A handler reached after the body was read (the async context must survive the body stream).
    app.post('/echo', async (request) => ({ current: currentEnvelope(), stored: httpRequestEnvelope(request) }));
    // What the gateway's guard does once it knows the caller: the handler's current envelope names them.
    app.post('/as-user', async (request) => {
      const before = { ...currentEnvelope() };
      setHttpRequestActor(request, `user:${USER}`, 'Ana\u0000 Ångström');
      await new Promise((resolve) => setImmediate(resolve));
      return { before, after: currentEnvelope() };
    });
    app.get('/refused', async (_request, reply) => reply.code(400).send({ error: 'no' }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('keeps a valid incoming x-request-id, answers it, and makes the envelope current in the handler', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'x-request-id': 'client-id.1', traceparent: TRACE }, payload: { big: 'x'.repeat(100_000) } });
    expect(res.headers['x-request-id']).toBe('client-id.1');
    const { current, stored } = res.json<{ current: Record<string, string>; stored: Record<string, string> }>();
    expect(current).toEqual(stored);
    expect(current).toMatchObject({ actorId: 'service:gateway', requestId: 'client-id.1' });
    // The trace continues with a new span id.
    expect(current['traceparent']).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(current['traceparent']).not.toBe(TRACE);
  });

  it('generates a request id (and a trace) when none or an invalid one comes, on every response', async () => {
    const none = await app.inject({ method: 'GET', url: '/refused' });
    expect(none.statusCode).toBe(400);
    expect(isRequestId(none.headers['x-request-id'])).toBe(true);
    const bad = await app.inject({ method: 'POST', url: '/echo', headers: { 'x-request-id': 'no spaces allowed', traceparent: 'nope' }, payload: {} });
    const id = bad.headers['x-request-id'];
    expect(id).not.toBe('no spaces allowed');
    expect(bad.json<{ current: { requestId: string; traceparent: string } }>().current).toMatchObject({ requestId: id });
    expect(isTraceparent(bad.json<{ current: { traceparent: string } }>().current.traceparent)).toBe(true);
    const missing = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(isRequestId(missing.headers['x-request-id'])).toBe(true);
  });

  it('names the caller in the request\'s own envelope once known, for the rest of the request', async () => {
    const res = await app.inject({ method: 'POST', url: '/as-user', headers: { 'x-request-id': 'req-as-user' }, payload: {} });
    const { before, after } = res.json<{ before: Record<string, string>; after: Record<string, string> }>();
    expect(before).toMatchObject({ actorId: 'service:gateway', requestId: 'req-as-user' });
    expect(before['actorName']).toBeUndefined();
    expect(after).toEqual({ ...before, actorId: `user:${USER}`, actorName: 'Ana\u0000 Ångström' });
    // Another request is not affected.
    const other = await app.inject({ method: 'POST', url: '/echo', payload: {} });
    expect(other.json<{ current: Record<string, string> }>().current).toMatchObject({ actorId: 'service:gateway' });
  });

  it('refuses to name an actor without an envelope or with a malformed actor id', () => {
    expect(() => setHttpRequestActor({}, `user:${USER}`)).toThrow(/no envelope/);
  });

  it('reads the first of repeated headers', () => {
    expect(httpEdgeEnvelope({ 'x-request-id': ['a', 'b'] } as never, 'service:ingest').requestId).toBe('a');
  });

  it('without async context (the gateway): the envelope is kept per request and answered, never made current', async () => {
    const plain = Fastify();
    installHttpRequestEnvelope(plain, { actorId: 'service:gateway', asyncContext: false });
    plain.post('/echo', async (request) => ({ current: currentEnvelope() ?? null, stored: httpRequestEnvelope(request) }));
    try {
      const res = await plain.inject({ method: 'POST', url: '/echo', headers: { 'x-request-id': 'plain-1' }, payload: { a: 1 } });
      expect(res.headers['x-request-id']).toBe('plain-1');
      const body = res.json<{ current: unknown; stored: Record<string, string> }>();
      expect(body.current).toBeNull();
      expect(body.stored).toMatchObject({ actorId: 'service:gateway', requestId: 'plain-1' });
    } finally {
      await plain.close();
    }
  });
});
