import { GraphQLError } from 'graphql';
import { type RequestEnvelope, runWithEnvelope } from '@fulcrum/messaging';
import { GATEWAY_ACTOR } from './gateway-actor';
import { operationLine } from './graphql-operation.log';
import { withRequestId } from './graphql-request-id.format';

const EDGE: RequestEnvelope = { actorId: GATEWAY_ACTOR, requestId: 'req-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };

describe('gateway request envelope in GraphQL answers and logs', () => {
  it('names the request id in every formatted GraphQL error', () => {
    const formatted = { message: 'no', extensions: { code: 'FORBIDDEN' } };
    expect(runWithEnvelope(EDGE, () => withRequestId(formatted))).toEqual({ message: 'no', extensions: { code: 'FORBIDDEN', requestId: 'req-1' } });
    expect(withRequestId(formatted)).toBe(formatted);
  });

  it('logs one line per operation: name (or anonymous), time, ok or the error codes', () => {
    expect(operationLine({ operationName: 'Trend', state: 100 }, 142.4)).toBe('graphql Trend 42ms ok');
    const errors = [new GraphQLError('x', { extensions: { code: 'BAD_USER_INPUT', domainCode: 'VALIDATION_FAILED' } }), new GraphQLError('y', { extensions: { code: 'FORBIDDEN' } })];
    expect(operationLine({ state: 0, errors }, 5)).toBe('graphql anonymous 5ms VALIDATION_FAILED,FORBIDDEN');
  });
});
