import { type RequestEnvelope, serviceEnvelope } from '@fulcrum/messaging';

/**
 * The request envelope of a test acting as a service (`service:test`), with a new request id each
 * call. Use it as an RpcClient's `defaultEnvelope` (`new RpcClient(proxy, ms, { defaultEnvelope:
 * testEnvelope })`) or with `runWithEnvelope(testEnvelope(), ...)`.
 */
export function testEnvelope(overrides: Partial<RequestEnvelope> = {}): RequestEnvelope {
  return { ...serviceEnvelope('test'), ...overrides };
}
