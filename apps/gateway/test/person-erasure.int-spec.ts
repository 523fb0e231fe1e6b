import { JSONCodec, type NatsConnection } from 'nats';
import { type DomainErrorPayload, type ErasePersonReply, RPC } from '@fulcrum/contracts';
import { type RequestEnvelope, envelopeFromHeaders } from '@fulcrum/messaging';
import { FakeResponder, createMemberToken, joinProject } from '@fulcrum/testing';
import { type RunningGateway } from '../src/gateway.bootstrap';
import { type GatewayUnderTest, startGatewayUnderTest } from './support/gateway-under-test';

const ADMIN_TOKEN = 'ful_test_admin_token_erasure_0123456789';
const PROJECT_ID = '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const ERASE = `mutation($p: ID!, $d: String!, $r: String!) { erasePerson(projectId: $p, distinctId: $d, reason: $r) {
  erasureId erasedAt distinctIds eventsErased streamMessagesRewritten streamMessagesDeleted rejectedMessagesDeleted dataVersion auditPublished } }`;

const REPLY: ErasePersonReply = {
  erasureId: '0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e',
  erasedAt: '2026-11-21T10:00:00.000Z',
  distinctIds: 2,
  eventsErased: 6,
  streamMessagesRewritten: 3,
  streamMessagesDeleted: 2,
  rejectedMessagesDeleted: 1,
  dataVersion: '7',
  auditPublished: true,
};

/**
 * erasePerson through the real gateway (auth, roles, error mapping) over a real nats-server; a
 * fake analytics responder answers `analytics.person.erase.v1` the way Nest's NATS transport does
 * and records what the gateway sent.
 */
describe('gateway erasePerson (real nats-server and gateway, fake analytics responder)', () => {
  let gateway: RunningGateway;
  let harness: GatewayUnderTest;
  let nc: NatsConnection;
  const requests: Array<Record<string, unknown>> = [];
  const envelopes: RequestEnvelope[] = [];
  let answer: (data: Record<string, unknown>) => { response: unknown } | { err: DomainErrorPayload } = () => ({ response: REPLY });
  const tokens: Record<'pm' | 'ds' | 'compliance', { id: string; token: string; name: string }> = {} as never;

  async function gql(query: string, variables: Record<string, unknown>, token: string) {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
  }
  const vars = { p: PROJECT_ID, d: 'user-alice@example.com', r: 'GDPR request #42' };

  beforeAll(async () => {
    harness = await startGatewayUnderTest({ bootstrapAdminToken: ADMIN_TOKEN });
    gateway = harness.gateway;
    nc = harness.nc;
    const codec = JSONCodec<Record<string, unknown>>();
    const sub = nc.subscribe(RPC.analyticsPersonErase);
    void (async () => {
      for await (const msg of sub) {
        const packet = codec.decode(msg.data) as { id: string; data: Record<string, unknown> };
        requests.push(packet.data);
        envelopes.push(envelopeFromHeaders(msg.headers));
        msg.respond(codec.encode({ id: packet.id, ...answer(packet.data), isDisposed: true }));
      }
    })();
    // Members of the project with one role each and a token of each; ingest answers the gateway's
    // "does this project exist" while the admin adds them.
    const ingest = new FakeResponder(nc)
      .listen(RPC.ingestProjectsGet)
      .on(RPC.ingestProjectsGet, () => ({ project: { id: PROJECT_ID, name: 'Shop', createdAt: '2026-01-01T00:00:00.000Z', timeZone: 'UTC' } }));
    await nc.flush();
    for (const [key, role, name] of [
      ['pm', 'PM', 'Pat PM'],
      ['ds', 'DATA_SCIENTIST', 'Dana DS'],
      ['compliance', 'COMPLIANCE', 'Cleo Compliance'],
    ] as const) {
      const member = await createMemberToken(`${gateway.url}/graphql`, ADMIN_TOKEN, { projectId: PROJECT_ID, roles: [role], name });
      tokens[key] = { id: member.tokenId, token: member.token, name };
    }
    await joinProject(`${gateway.url}/graphql`, ADMIN_TOKEN, PROJECT_ID, ['ADMIN']);
    ingest.stop();
  });

  afterEach(() => {
    requests.length = 0;
    envelopes.length = 0;
    answer = () => ({ response: REPLY });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it.each(['pm', 'ds'] as const)('refuses %s with FORBIDDEN, without asking analytics', async (key) => {
    const res = await gql(ERASE, vars, tokens[key].token);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(requests).toEqual([]);
  });

  it('lets a compliance reviewer erase, with the actor from the token in the request envelope (not the payload)', async () => {
    const res = await gql(ERASE, vars, tokens.compliance.token);
    expect(res.errors).toBeUndefined();
    expect(res.data?.['erasePerson']).toEqual(REPLY);
    expect(requests).toEqual([{ projectId: PROJECT_ID, distinctId: 'user-alice@example.com', reason: 'GDPR request #42' }]);
    expect(envelopes).toEqual([
      expect.objectContaining({ actorId: expect.stringMatching(/^user:[0-9a-f-]{36}$/), actorName: 'Cleo Compliance', projectId: PROJECT_ID }),
    ]);
  });

  it('lets an admin erase', async () => {
    const res = await gql(ERASE, vars, ADMIN_TOKEN);
    expect(res.errors).toBeUndefined();
    expect((res.data?.['erasePerson'] as ErasePersonReply).erasureId).toBe(REPLY.erasureId);
  });

  it.each([
    ['NOT_FOUND', 'NOT_FOUND', 'No event, identity link or rejected message of this project names that distinct id.', { projectId: PROJECT_ID }],
    ['VALIDATION_FAILED', 'BAD_USER_INPUT', 'analytics.person.erase.v1: reason must match pattern "\\S"', { field: 'reason', keyword: 'pattern' }],
    ['SERVICE_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'not caught up; retry', { retryable: true }],
  ] as const)('maps the coded error %s to %s', async (domainCode, code, message, details) => {
    const err: DomainErrorPayload = { code: domainCode, message, details };
    answer = () => ({ err });
    const res = await gql(ERASE, vars, tokens.compliance.token);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]).toMatchObject({ message, extensions: { code, domainCode, details } });
  });
});
