import { request as httpRequest } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type NatsConnection, connect } from 'nats';
import { type CreateProjectReply, type EventBatchMessage, RPC, STREAMS } from '@fulcrum/contracts';
import { RpcClient, natsClientOptions } from '@fulcrum/messaging';
import { type TestNats, databaseKinds, makeTempDir, startTestDatabase, startTestNats, testEnvelope } from '@fulcrum/testing';
import type { ResolvedDatabase } from '@fulcrum/persistence';
import { type RunningIngest, bootstrapIngest } from '../src/ingest.bootstrap';

interface Answer {
  status: number;
  body: string;
  json?: { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
}

/**
 * Regressions of the hostile-input run against the collector: each input used to be acknowledged and
 * then lost, or answered 5xx. Every answer here is a coded 4xx and nothing of the request reaches the
 * stream. Raw bytes over node:http, so the bodies are exactly what a hostile client sends.
 */
describe.each(databaseKinds())('collector under hostile input on %s (real nats-server)', (kind) => {
  let nats: TestNats;
  let db: ResolvedDatabase;
  let ingest: RunningIngest;
  let nc: NatsConnection;
  let proxy: ClientProxy;
  let created: CreateProjectReply;
  const dir = makeTempDir();

  function send(path: string, body: string | Buffer, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
    const url = new URL(path, ingest.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Answer['json'];
          try {
            json = JSON.parse(text) as Answer['json'];
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: text, json });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  const native = (body: string, headers: Record<string, string> = {}) =>
    send('/v1/events', body, { authorization: `Bearer ${created.writeKey}`, 'content-type': 'application/json', ...headers });

  async function streamedIds(): Promise<string[]> {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(STREAMS.events.name);
    const ids: string[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(STREAMS.events.name, { seq });
      ids.push(...m.json<EventBatchMessage>().events.map((e) => e.id));
    }
    return ids;
  }

  beforeAll(async () => {
    nats = await startTestNats();
    db = await startTestDatabase(kind);
    ingest = await bootstrapIngest({
      natsUrl: nats.url,
      host: '127.0.0.1',
      port: 0,
      // On PGlite its own embedded database (a pool of one), as `npm run up` runs it.
      databaseUrl: kind === 'pglite' ? undefined : db.url,
      embeddedDatabaseDir: dir.path,
      // short, so that the slow-body case ends quickly
      httpRequestTimeoutMs: 1_500,
      httpHeadersTimeoutMs: 1_000,
    });
    nc = await connect({ servers: nats.url });
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(nats.url, 'test') });
    created = await new RpcClient(proxy, 5_000, { defaultEnvelope: testEnvelope }).request(RPC.ingestProjectsCreate, { name: 'Hostile' });
  });

  afterAll(async () => {
    await proxy?.close();
    await ingest?.close();
    await nc?.close();
    await db?.stop();
    await nats?.stop();
    dir.remove();
  });

  it('1. refuses a lone surrogate (escaped or as a key) with a 400 naming the field, and publishes nothing of the request', async () => {
    const res = await native('{"events":[{"id":"R1a","event":"ok","userId":"u"},{"id":"R1b","event":"x","userId":"u","properties":{"k":"\\ud800"}}]}');
    expect(res.status).toBe(400);
    expect(res.json?.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'events[1].properties.k' } });
    const key = await native('{"events":[{"id":"R1c","event":"ok","userId":"u","properties":{"\\udc00":1}}]}');
    expect(key.json?.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'events[0].properties["\\udc00"]' } });
    const name = await native('{"events":[{"id":"R1d","event":"a\\udfffb","userId":"u"}]}');
    expect(name.json?.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'events[0].event' } });
    expect(await streamedIds()).not.toEqual(expect.arrayContaining(['R1a']));
  });

  it('3. refuses timestamps the store cannot hold, on every door (native, Segment sentAt, PostHog sent_at)', async () => {
    const nat = await native('{"sentAt":"0000-01-01T00:00:00+23:59","events":[{"id":"T1","event":"ok","userId":"u","timestamp":"2026-01-01T00:00:00Z"}]}');
    expect(nat.status).toBe(400);
    expect(nat.json?.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'sentAt' } });
    const auth = `Basic ${Buffer.from(`${created.writeKey}:`).toString('base64')}`;
    const seg = await send('/v1/batch', '{"sentAt":"0000-01-01T00:00:00+23:59","batch":[{"type":"track","messageId":"T2","event":"ok","userId":"u"}]}', {
      authorization: auth,
      'content-type': 'application/json',
    });
    expect(seg.status).toBe(400);
    expect(seg.json?.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'sentAt' } });
    const ph = await send('/batch', JSON.stringify({ api_key: created.writeKey, sent_at: '0000-01-01T00:00:00+23:59', batch: [{ event: 'ok', distinct_id: 'u', uuid: 'T3' }] }), {
      'content-type': 'application/json',
    });
    expect(ph.status).toBe(400);
    expect(ph.json?.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'sent_at' } });
    const ids = await streamedIds();
    for (const id of ['T1', 'T2', 'T3']) expect(ids).not.toContain(id);
  });

  it('7. answers coded 4xx, never 5xx: 5,000-level nesting, PostHog offset 9e15, 1e400, a NUL in the write key', async () => {
    const deep = await native(`{"events":[{"id":"N1","event":"ok","userId":"u","properties":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}]}`);
    expect(deep.status).toBe(400);
    expect(deep.json?.error?.code).toBe('VALIDATION_FAILED');
    expect(deep.json?.error?.message).toContain('levels deep');

    const offset = await send('/batch', JSON.stringify({ api_key: created.writeKey, batch: [{ event: 'ok', distinct_id: 'u', uuid: 'N2', offset: 9000000000000000 }] }), {
      'content-type': 'application/json',
    });
    expect(offset.status).toBe(400);
    expect(offset.json?.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'batch[0].offset' } });

    const farSentAt = await send(`/e?_=9999999999999999&data=${encodeURIComponent(JSON.stringify({ api_key: created.writeKey, event: 'ok', distinct_id: 'u', uuid: 'N5' }))}`, '', {}, 'GET');
    expect(farSentAt.status).toBe(400);
    expect(farSentAt.json?.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: '?_' } });

    // percent-encoded bytes that are not UTF-8, in a form body and in a GET query: refused, never turned into U+FFFD
    const badForm = `data=${encodeURIComponent(JSON.stringify({ api_key: created.writeKey, event: 'ok', distinct_id: 'u', uuid: 'N6' })).replace('N6', 'N6%FF')}`;
    const formPost = await send('/e', badForm, { 'content-type': 'application/x-www-form-urlencoded' });
    expect([formPost.status, formPost.json?.error?.code]).toEqual([400, 'BODY_NOT_JSON']);
    const formGet = await send(`/e?_=1700000000000&${badForm}`, '', {}, 'GET');
    expect([formGet.status, formGet.json?.error?.code]).toEqual([400, 'BODY_NOT_JSON']);

    const huge = await native('{"events":[{"id":"N3","event":"ok","userId":"u","properties":{"n":1e400}}]}');
    expect(huge.status).toBe(400);
    expect(huge.json?.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'events[0].properties.n' } });

    const nul = await send('/v1/track', '{"writeKey":"wk_x\\u0000","event":"ok","userId":"u","messageId":"N4"}', { 'content-type': 'text/plain' });
    expect(nul.status).toBe(401);
    expect(nul.json?.error?.code).toBe('WRITE_KEY_INVALID');
    const nulBearer = await send('/v1/events', '{"events":[]}', { authorization: 'Bearer wk_\u00e9x', 'content-type': 'application/json' });
    expect(nulBearer.status).toBe(401);

    const ids = await streamedIds();
    for (const id of ['N1', 'N2', 'N3', 'N4', 'N5']) expect(ids).not.toContain(id);
  });

  /** Raw bytes over TCP; resolves with what the server wrote before closing (or after `waitMs`). */
  function rawExchange(bytes: string, waitMs: number): Promise<{ text: string; closed: boolean; ms: number }> {
    const { hostname, port } = new URL(ingest.url);
    return new Promise((resolve) => {
      const started = Date.now();
      const socket = connectTcp(Number(port), hostname, () => socket.write(bytes));
      let text = '';
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ text, closed: false, ms: Date.now() - started });
      }, waitMs);
      socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ text, closed: true, ms: Date.now() - started });
      });
      socket.on('error', () => undefined);
    });
  }
  const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { error: { code: string } };

  it('7. reads the body whatever the Content-Type, malformed ones included (`x`, `;`, xml, multipart)', async () => {
    for (const [i, contentType] of ['x', ';', 'application/xml', 'multipart/form-data; boundary=z', 'text/plain;charset=UTF-8'].entries()) {
      const res = await native(`{"events":[{"id":"CT${i}","event":"ok","userId":"u"}]}`, { 'content-type': contentType });
      expect([contentType, res.status, res.json]).toEqual([contentType, 200, { accepted: 1 }]);
    }
    const notJson = await native('<xml/>', { 'content-type': 'x' });
    expect([notJson.status, notJson.json?.error?.code]).toEqual([400, 'BODY_NOT_JSON']);
  });

  it('7. answers a body that never finishes with a coded 408 and closes the connection', async () => {
    const head = `POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${created.writeKey}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"events":[`;
    const answer = await rawExchange(head, 10_000);
    expect(answer.closed).toBe(true);
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(answer.text).error.code).toBe('REQUEST_TIMEOUT');
    expect(answer.ms).toBeLessThan(8_000);
  });

  it('7. answers oversized headers with a coded 431', async () => {
    const answer = await rawExchange(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 5_000);
    expect(answer.text).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(answer.text).error.code).toBe('HEADERS_TOO_LARGE');
    // a 1.2 MB URL: the client gets to finish sending and reads the answer (no reset mid-write)
    const long = await rawExchange(`GET /e?data=${'a'.repeat(1_200_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 5_000);
    expect(long.text).toMatch(/^HTTP\/1\.1 431 /);
    expect(long.closed).toBe(true);
  });

  it('keeps -0 as 0 and accepts the first and last storable instants', async () => {
    const res = await native('{"events":[{"id":"Z1","event":"ok","userId":"u","timestamp":"0001-01-01T00:00:00Z","properties":{"z":-0}},{"id":"Z2","event":"ok","userId":"u","timestamp":"9999-12-31T23:59:59.999Z"}]}');
    expect(res).toMatchObject({ status: 200, json: { accepted: 2 } });
  });
});
