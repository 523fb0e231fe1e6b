import { randomUUID } from 'node:crypto';
import { JSONCodec } from 'nats';
import { type CanonicalEvent, type DomainErrorPayload, RPC, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { ENVELOPE_HEADERS, envelopeFromHeaders } from '@fulcrum/messaging';
import { testEnvelope } from '@fulcrum/testing';
import { type AnalyticsServiceHarness, startAnalyticsService } from './support/analytics-service.harness';

/**
 * The request envelope on the bus, against the real analytics service: a request without an actor
 * is refused with a coded error, the envelope reaches the handler and names the request in the
 * service's log lines, and what the service publishes because of a request carries its envelope.
 */
/** Nest colours its log lines (unless NO_COLOR is set). */
const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

describe('request envelope (real nats-server, real analytics service)', () => {
  const projectId = randomUUID();
  const codec = JSONCodec<Record<string, unknown>>();
  let h: AnalyticsServiceHarness;
  let stdout: string[];

  /** What the service writes to stdout while `fn` runs (its logger writes there). */
  async function logged<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string }> {
    stdout = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
    try {
      const result = await fn();
      // The RPC line is written when the reply has gone out: give it a moment.
      await new Promise((r) => setTimeout(r, 50));
      return { result, lines: stdout.join('').replace(ANSI_COLOR, '') };
    } finally {
      spy.mockRestore();
    }
  }

  beforeAll(async () => {
    h = await startAnalyticsService();
  });
  afterAll(() => h?.stop());

  it('refuses a request without an actor with ACTOR_MISSING, as a coded error on the wire', async () => {
    // A raw request in the Nest NATS packet format, without any header.
    const packet = { pattern: RPC.analyticsEventCatalogGet, data: { projectId }, id: randomUUID() };
    const { result: reply, lines } = await logged(async () => codec.decode((await h.nc.request(RPC.analyticsEventCatalogGet, codec.encode(packet), { timeout: 5_000 })).data));
    expect(reply['err']).toEqual({
      code: 'ACTOR_MISSING',
      message: `The request carries no ${ENVELOPE_HEADERS.actorId} header: every message on the bus names its actor.`,
      details: { header: ENVELOPE_HEADERS.actorId },
    } satisfies DomainErrorPayload);
    expect(lines).toMatch(/rpc analytics\.event-catalog\.get\.v1 \d+ms ACTOR_MISSING/);
  });

  it('runs the handler in the envelope: who saved an analysis, and the request id on the log line of the request', async () => {
    const envelope = testEnvelope({ actorId: `user:${randomUUID()}`, actorName: 'Ünal Øverby', requestId: `it.${randomUUID()}` });
    const { result, lines } = await logged(() =>
      h.rpc.request(
        RPC.analyticsAnalysesSave,
        {
          projectId,
          timeZone: 'UTC',
          title: 'Nothing yet',
          narrative: '',
          insight: { kind: 'TREND', query: { series: [{ event: 'viewed', math: 'TOTAL' }], interval: 'DAY', dateRange: { from: '2026-03-01', to: '2026-03-01' } } },
        },
        { envelope },
      ),
    );
    expect(result.analysis).toMatchObject({ createdBy: 'Ünal Øverby', createdById: envelope.actorId });
    // `grep 'req <id>'` finds the request in the service's log.
    const line = lines.split('\n').find((l) => l.includes(`[req ${envelope.requestId}]`));
    expect(line).toMatch(new RegExp(`\\[Rpc\\] \\[req ${envelope.requestId.replace(/\./g, '\\.')}\\] rpc analytics\\.analyses\\.save\\.v1 \\d+ms ok`));
  });

  it('publishes what a request causes with its envelope: the person.erased audit action of an erasure', async () => {
    const ts = '2026-03-01T10:00:00.000Z';
    const event: CanonicalEvent = { id: 'e1', projectId, type: 'track', event: 'viewed', userId: 'u-1', timestamp: ts, receivedAt: ts, properties: {}, context: {} };
    const { seq } = await h.nc.jetstream().publish(SUBJECTS.eventsAccepted, Buffer.from(JSON.stringify({ v: 1, batchId: randomUUID(), projectId, events: [event] })));
    for (let i = 0; BigInt((await h.rpc.request(RPC.analyticsEventCatalogGet, { projectId })).dataVersion) < BigInt(seq); i++) {
      if (i > 200) throw new Error('the event was not applied');
      await new Promise((r) => setTimeout(r, 100));
    }
    const envelope = testEnvelope({ actorId: `user:${randomUUID()}`, actorName: 'Cleo Compliance' });
    const erasure = await h.rpc.request(RPC.analyticsPersonErase, { projectId, distinctId: 'u-1', reason: 'ticket 7' }, { envelope });
    expect(erasure.auditPublished).toBe(true);
    const jsm = await h.nc.jetstreamManager();
    const stored = await jsm.streams.getMessage(STREAMS.audit.name, { last_by_subj: SUBJECTS.auditActionRecorded });
    expect(envelopeFromHeaders(stored.header)).toMatchObject({ actorId: envelope.actorId, actorName: 'Cleo Compliance', projectId, requestId: envelope.requestId });
    expect(stored.header?.get(ENVELOPE_HEADERS.traceparent).split('-')[1]).toBe(envelope.traceparent.split('-')[1]);
  });
});
