import { type ArgumentsHost, HttpException, Logger, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { DomainError } from '@fulcrum/contracts';
import { RequestAwareLogger, serviceEnvelope, setHttpRequestEnvelope } from '@fulcrum/messaging';
import { DomainErrorFilter } from './domain-error.filter';

function httpHost(request: object = {}) {
  const sent: { status?: number; body?: unknown } = {};
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }) } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('DomainErrorFilter on plain HTTP routes', () => {
  it.each([
    [new UnsupportedMediaTypeException('no'), 'UNSUPPORTED_MEDIA_TYPE'],
    [new PayloadTooLargeException('big'), 'BODY_TOO_LARGE'],
    [new HttpException('teapot', 418), 'VALIDATION_FAILED'],
  ])('answers a framework 4xx (%s) with a coded 4xx, never 500', (exception, code) => {
    const { host, sent } = httpHost();
    new DomainErrorFilter().catch(exception, host);
    expect(sent.status).toBeGreaterThanOrEqual(400);
    expect(sent.status).toBeLessThan(500);
    expect(sent.body).toMatchObject({ error: { code } });
  });

  it('keeps a domain error and hides anything unexpected as INTERNAL', () => {
    const a = httpHost();
    new DomainErrorFilter().catch(new DomainError('FORBIDDEN', 'no'), a.host);
    expect(a.sent).toEqual({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'no' } } });
    const b = httpHost();
    new DomainErrorFilter().catch(new Error('secret stack'), b.host);
    expect(b.sent).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'Internal error' } } });
  });

  it("logs an unexpected error under the request's id, though the gateway keeps no envelope in async-local storage", () => {
    const request = {};
    setHttpRequestEnvelope(request, { ...serviceEnvelope('gateway'), requestId: 'req-filter-1' });
    const chunks: string[] = [];
    Logger.overrideLogger(new RequestAwareLogger({ colors: false }));
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      new DomainErrorFilter().catch(new Error('secret stack'), httpHost(request).host);
    } finally {
      spy.mockRestore();
      Logger.overrideLogger(false);
    }
    expect(chunks.join('')).toMatch(/ERROR \[GraphQL\] \[req req-filter-1\] Error: secret stack/);
  });
});
