import type { NatsConnection } from 'nats';
import { DomainError } from '@fulcrum/contracts';
import { type RequestEnvelope, runWithEnvelope } from '@fulcrum/messaging';
import type { EventStore } from '../events/event.store';
import type { ErasureAuditOutbox } from './erasure-audit.outbox';
import { type ErasurePlan, readErasurePlan } from './erasure-plan.reader';
import type { ErasureRepository } from './erasure.repository';
import type { EventStreamRedactor } from './event-stream.redactor';
import { PersonErasureService } from './person-erasure.service';

jest.mock('./erasure-plan.reader', () => ({ readErasurePlan: jest.fn() }));
const planMock = readErasurePlan as jest.MockedFunction<typeof readErasurePlan>;

const P = '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const REQUEST = { projectId: P, distinctId: 'a1', reason: 'ticket 42' };
const CLEO: RequestEnvelope = {
  actorId: 'user:5d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
  actorName: 'Cleo',
  projectId: P,
  requestId: 'req-42',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};
const PLAN: ErasurePlan = { projectId: P, personId: 'ua', ids: new Set(['ua', 'a1']), eventIds: new Set(['e1']), eventSeqs: [3], rejectedSeqs: [], rejectedEvents: [] };

function service(opts: { lastSeq?: number | Error; dataVersion?: number; commit?: ErasureRepository['commit'] }) {
  const nc = {
    jetstreamManager: async () => ({
      streams: {
        info: async () => {
          if (opts.lastSeq instanceof Error) throw opts.lastSeq;
          return { state: { last_seq: opts.lastSeq ?? 7 } };
        },
      },
    }),
  } as unknown as NatsConnection;
  const store = { dataVersion: opts.dataVersion ?? 7, runExclusive: (fn: (w: unknown) => Promise<unknown>) => fn({}) } as unknown as EventStore;
  const redactor = { redact: jest.fn(async () => ({ rewritten: 1, deleted: 0, extraEvents: [] })) } as unknown as EventStreamRedactor;
  const repository = {
    commit: opts.commit ?? (async (_w, _plan, _stream, e) => ({ ...e, eventsErased: 1, rejectedMessagesDeleted: 0 })),
  } as unknown as ErasureRepository;
  const outbox = { publishPending: async () => new Set<string>() } as unknown as ErasureAuditOutbox;
  const real = new PersonErasureService(nc, store, redactor, repository, outbox);
  // As in the service: inside the request envelope the RPC interceptor sets up.
  const svc = { erase: (request: typeof REQUEST) => runWithEnvelope(CLEO, () => real.erase(request)) };
  return { svc, real, redactor, repository };
}

describe('PersonErasureService (coded failures)', () => {
  afterEach(() => {
    jest.useRealTimers();
    planMock.mockReset();
  });

  it('reports the stored record; auditPublished says whether the outbox got the action out', async () => {
    planMock.mockResolvedValue(PLAN);
    const reply = await service({}).svc.erase(REQUEST);
    expect(reply).toMatchObject({ distinctIds: 2, eventsErased: 1, streamMessagesRewritten: 1, dataVersion: '7', auditPublished: false });
  });

  it("records the envelope's actor, display name, request id and trace, and refuses to erase outside a request", async () => {
    planMock.mockResolvedValue(PLAN);
    const commit = jest.fn(async (_w: unknown, _plan: unknown, _stream: unknown, e: object) => ({ ...e, eventsErased: 1, rejectedMessagesDeleted: 0 }));
    const { svc, real } = service({ commit: commit as unknown as ErasureRepository['commit'] });
    await svc.erase(REQUEST);
    expect(commit.mock.calls[0]?.[3]).toMatchObject({ requestedBy: CLEO.actorId, requestedByName: 'Cleo', requestId: 'req-42', traceparent: CLEO.traceparent });
    await expect(real.erase(REQUEST)).rejects.toMatchObject({ code: 'ACTOR_MISSING' });
  });

  it('answers NOT_FOUND without touching the stream when nothing names the id', async () => {
    planMock.mockResolvedValue(undefined);
    const { svc, redactor } = service({});
    await expect(svc.erase(REQUEST)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(redactor.redact).not.toHaveBeenCalled();
  });

  it('gives up with a retryable SERVICE_UNAVAILABLE when the store stays behind the stream for 10 s', async () => {
    jest.useFakeTimers();
    const { svc, redactor } = service({ lastSeq: 9, dataVersion: 7 });
    const outcome = svc.erase(REQUEST).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(10_100);
    expect(await outcome).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { stage: 'catch-up', retryable: true, dataVersion: '7', streamPosition: '9' } });
    expect(redactor.redact).not.toHaveBeenCalled();
  });

  it('codes a failed stream lookup (never a bare INTERNAL leak)', async () => {
    const err = await service({ lastSeq: new Error('boom') }).svc.erase(REQUEST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'INTERNAL', details: { stage: 'catch-up', retryable: true } });
    expect((err as Error).message).not.toContain('boom');
  });

  it('says a failed DuckDB transaction can be retried to completion', async () => {
    planMock.mockResolvedValue(PLAN);
    const { svc } = service({
      commit: async () => {
        throw new Error('Constraint Error: secret internals');
      },
    });
    const err = await svc.erase(REQUEST).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INTERNAL', details: { stage: 'duckdb', retryable: true, streamMessagesRewritten: 1 } });
    expect((err as Error).message).not.toContain('secret');
  });
});
