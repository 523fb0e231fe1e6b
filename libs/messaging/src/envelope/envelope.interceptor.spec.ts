import { type CallHandler, type ExecutionContext, Logger } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { headers } from 'nats';
import { defer, firstValueFrom, of } from 'rxjs';
import { DomainError } from '@fulcrum/contracts';
import { envelopeHeaders } from './envelope.headers';
import { RequestEnvelopeInterceptor } from './envelope.interceptor';
import { type RequestEnvelope, currentEnvelope } from './request-envelope';

const SUBJECT = 'analytics.sql.run.v1';
const ENVELOPE: RequestEnvelope = {
  actorId: 'user:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  actorName: 'Ana',
  requestId: 'req-7',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};

const rpcContext = (h: unknown): ExecutionContext =>
  ({ getType: () => 'rpc', switchToRpc: () => ({ getContext: () => new NatsContext([SUBJECT, h]) }) }) as unknown as ExecutionContext;

/** A handler that, like Nest's, runs when subscribed and answers what it sees as the current envelope. */
const seeing = (fail?: unknown): CallHandler => ({
  handle: () =>
    defer(async () => {
      await new Promise((r) => setTimeout(r, 1));
      if (fail) throw fail;
      return currentEnvelope();
    }),
});

describe('RequestEnvelopeInterceptor', () => {
  const interceptor = new RequestEnvelopeInterceptor();
  let lines: string[];

  beforeEach(() => {
    lines = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void lines.push(`log ${String(message)} ${currentEnvelope()?.requestId ?? '-'}`));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void lines.push(`warn ${String(message)}`));
  });
  afterEach(() => jest.restoreAllMocks());

  it('runs the handler inside the envelope of the headers and logs one line inside it', async () => {
    const seen = await firstValueFrom(interceptor.intercept(rpcContext(envelopeHeaders(ENVELOPE)), seeing()));
    expect(seen).toMatchObject({ actorId: ENVELOPE.actorId, actorName: 'Ana', requestId: 'req-7', traceparent: ENVELOPE.traceparent });
    expect(lines).toEqual([expect.stringMatching(/^log rpc analytics\.sql\.run\.v1 \d+ms ok req-7$/)]);
    expect(currentEnvelope()).toBeUndefined();
  });

  it("logs the handler's error code and lets the error through to the exception filter", async () => {
    const error = new DomainError('SQL_TIMEOUT', 'slow');
    await expect(firstValueFrom(interceptor.intercept(rpcContext(envelopeHeaders(ENVELOPE)), seeing(error)))).rejects.toBe(error);
    await expect(firstValueFrom(interceptor.intercept(rpcContext(envelopeHeaders(ENVELOPE)), seeing(new Error('boom'))))).rejects.toThrow('boom');
    expect(lines).toEqual([expect.stringMatching(/ms SQL_TIMEOUT req-7$/), expect.stringMatching(/ms INTERNAL req-7$/)]);
  });

  it('refuses a request without an actor with ACTOR_MISSING, without calling the handler', async () => {
    const handle = jest.fn(() => of('never'));
    const h = headers();
    h.set('X-Request-Id', 'req-8');
    await expect(firstValueFrom(interceptor.intercept(rpcContext(h), { handle }))).rejects.toMatchObject({ code: 'ACTOR_MISSING' });
    await expect(firstValueFrom(interceptor.intercept(rpcContext(undefined), { handle }))).rejects.toBeInstanceOf(DomainError);
    expect(handle).not.toHaveBeenCalled();
    expect(lines).toEqual([expect.stringMatching(/^warn rpc analytics\.sql\.run\.v1 \d+ms ACTOR_MISSING \[req req-8\]$/), expect.stringMatching(/ACTOR_MISSING$/)]);
  });

  it('lets other contexts (HTTP) through untouched', async () => {
    const http = { getType: () => 'http' } as unknown as ExecutionContext;
    expect(await firstValueFrom(interceptor.intercept(http, { handle: () => of(42) }))).toBe(42);
    expect(lines).toEqual([]);
  });
});
