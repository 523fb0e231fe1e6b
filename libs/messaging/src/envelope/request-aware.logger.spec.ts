import { RequestAwareLogger } from './request-aware.logger';
import { type RequestEnvelope, currentEnvelope, runWithEnvelope, withEnvelopeSync } from './request-envelope';

const ENVELOPE: RequestEnvelope = {
  actorId: 'user:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  requestId: 'req-7',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};

describe('RequestAwareLogger', () => {
  afterEach(() => jest.restoreAllMocks());

  function written(logger: RequestAwareLogger, fn: () => void): string {
    const chunks: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    fn();
    jest.restoreAllMocks();
    return chunks.join('');
  }

  it('names the request id on every line written inside a request, and only there', () => {
    const logger = new RequestAwareLogger({ colors: false });
    const inside = written(logger, () => runWithEnvelope(ENVELOPE, () => logger.log('rpc x 3ms ok', 'Rpc')));
    expect(inside).toMatch(/LOG \[Rpc\] \[req req-7\] rpc x 3ms ok\n$/);
    const outside = written(logger, () => logger.log('started', 'Main'));
    expect(outside).toMatch(/LOG \[Main\] started\n$/);
    expect(outside).not.toContain('[req');
  });

  it('adds a requestId field in JSON mode', () => {
    const logger = new RequestAwareLogger({ json: true, colors: false });
    const line = written(logger, () => runWithEnvelope(ENVELOPE, () => logger.warn('careful', 'Ctx')));
    expect(JSON.parse(line)).toMatchObject({ level: 'warn', context: 'Ctx', message: 'careful', requestId: 'req-7' });
  });

  it('names the envelope given to one synchronous call (withEnvelopeSync), without async-local storage', async () => {
    const logger = new RequestAwareLogger({ colors: false });
    const line = written(logger, () => withEnvelopeSync(ENVELOPE, () => logger.log('graphql Q 2ms ok', 'GraphQL')));
    expect(line).toMatch(/LOG \[GraphQL\] \[req req-7\] graphql Q 2ms ok\n$/);
    // Only for that call: after it, and in what it scheduled, no envelope is current.
    let later: RequestEnvelope | undefined = ENVELOPE;
    const scheduled = withEnvelopeSync(ENVELOPE, () => Promise.resolve().then(() => (later = currentEnvelope())));
    expect(currentEnvelope()).toBeUndefined();
    await scheduled;
    expect(later).toBeUndefined();
    // Nested calls restore the outer one; an absent envelope keeps the current one.
    const other = { ...ENVELOPE, requestId: 'req-8' };
    const seen = withEnvelopeSync(ENVELOPE, () => [withEnvelopeSync(other, () => currentEnvelope()?.requestId), withEnvelopeSync(undefined, () => currentEnvelope()?.requestId), currentEnvelope()?.requestId]);
    expect(seen).toEqual(['req-8', 'req-7', 'req-7']);
    // An exception restores it too.
    expect(() => withEnvelopeSync(ENVELOPE, () => { throw new Error('boom'); })).toThrow('boom');
    expect(currentEnvelope()).toBeUndefined();
  });
});
