import { type ClientProxy, NatsRecord } from '@nestjs/microservices';
import type { MsgHdrs } from 'nats';
import { NEVER, of, throwError } from 'rxjs';
import { DomainError, RPC } from '@fulcrum/contracts';
import { serviceEnvelope } from '../envelope/envelope.format';
import { envelopeFromHeaders } from '../envelope/envelope.headers';
import { type RequestEnvelope, runWithEnvelope } from '../envelope/request-envelope';
import { RpcClient, serviceOf } from './rpc.client';

const proxy = (send: (subject: string, record: unknown) => unknown) => ({ send }) as unknown as ClientProxy;
const PROJECT = '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const USER: RequestEnvelope = { actorId: 'user:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', actorName: 'Ana Ångström', requestId: 'req-42', traceparent: TRACE };
const testEnvelope = { defaultEnvelope: () => serviceEnvelope('test') };

/** A proxy that records what it was asked to send and answers `reply`. */
function recording(reply: unknown = { ok: true }) {
  const sent: Array<{ subject: string; record: NatsRecord<unknown, MsgHdrs> }> = [];
  return {
    sent,
    proxy: proxy((subject, record) => {
      sent.push({ subject, record: record as NatsRecord<unknown, MsgHdrs> });
      return of(reply);
    }),
  };
}

describe('RpcClient', () => {
  it('answers SERVICE_UNAVAILABLE naming the service, never the internal subject, when nobody answers in time', async () => {
    const client = new RpcClient(proxy(() => NEVER), 20, testEnvelope);
    const error = (await client.request(RPC.analyticsSqlRun, { projectId: 'p', query: 'SELECT 1' }).catch((e: unknown) => e)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe('The analytics service did not answer in time or is unavailable; retry later.');
    expect(JSON.stringify(error.toPayload())).not.toContain(RPC.analyticsSqlRun);
  });

  it('keeps a remote domain error as it is', async () => {
    const client = new RpcClient(
      proxy(() => throwError(() => ({ code: 'SQL_TIMEOUT', message: 'too slow', details: { timeoutMs: 5 } }))),
      undefined,
      testEnvelope,
    );
    await expect(client.request(RPC.analyticsSqlRun, { projectId: 'p', query: 'SELECT 1' })).rejects.toMatchObject({ code: 'SQL_TIMEOUT', details: { timeoutMs: 5 } });
  });

  it('sends the current envelope as NATS headers, one hop further on the trace, the payload unchanged', async () => {
    const { sent, proxy: p } = recording();
    const client = new RpcClient(p);
    const payload = { projectId: PROJECT, query: 'SELECT 1' };
    await runWithEnvelope(USER, () => client.request(RPC.analyticsSqlRun, payload));
    expect(sent).toHaveLength(1);
    const [{ subject, record }] = sent as [(typeof sent)[number]];
    expect(subject).toBe(RPC.analyticsSqlRun);
    expect(record).toBeInstanceOf(NatsRecord);
    expect(record.data).toBe(payload);
    const received = envelopeFromHeaders(record.headers);
    // The payload's projectId names the project when the envelope has none.
    expect(received).toMatchObject({ actorId: USER.actorId, actorName: 'Ana Ångström', projectId: PROJECT, requestId: 'req-42' });
    expect(received.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(received.traceparent).not.toBe(TRACE);
  });

  it("prefers the envelope's project, and an explicit envelope over the current one", async () => {
    const { sent, proxy: p } = recording();
    const client = new RpcClient(p);
    const other = '0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e';
    await runWithEnvelope({ ...USER, projectId: other }, () => client.request(RPC.analyticsSqlRun, { projectId: PROJECT, query: 'SELECT 1' }));
    await runWithEnvelope(USER, () =>
      client.request(RPC.analyticsSqlRun, { projectId: 'not-a-uuid', query: 'SELECT 1' }, { envelope: serviceEnvelope('analytics') }),
    );
    expect(envelopeFromHeaders(sent[0]?.record.headers).projectId).toBe(other);
    const explicit = envelopeFromHeaders(sent[1]?.record.headers);
    expect(explicit.actorId).toBe('service:analytics');
    expect(explicit).not.toHaveProperty('projectId'); // a payload projectId that is not a project id is not copied
  });

  it('refuses to send a request without an envelope (a caller bug), and uses the default envelope of tools and tests', async () => {
    const { sent, proxy: p } = recording();
    await expect(new RpcClient(p).request(RPC.ingestProjectsList, {})).rejects.toThrow(/outside a request envelope/);
    expect(sent).toEqual([]);
    const tool = new RpcClient(p, undefined, testEnvelope);
    await tool.request(RPC.ingestProjectsList, {});
    await tool.request(RPC.ingestProjectsList, {});
    const [a, b] = sent.map((s) => envelopeFromHeaders(s.record.headers));
    expect(a?.actorId).toBe('service:test');
    expect(a?.requestId).not.toBe(b?.requestId); // a function gives every request its own id
  });

  it('reads the service from the subject', () => {
    expect(serviceOf('governance.models.get.v1')).toBe('governance');
  });
});
