import { GraphQLError } from 'graphql';
import { type RequestEnvelope, runWithEnvelope } from '@fulcrum/messaging';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { operationLine } from './graphql-operation.log';
import { withRequestId } from './graphql-request-id.format';
import { GATEWAY_ACTOR, envelopeFor } from './request-envelope.interceptor';

const EDGE: RequestEnvelope = { actorId: GATEWAY_ACTOR, requestId: 'req-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
const USER_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

describe('gateway request envelope', () => {
  it('makes the authenticated principal the actor, with its display name, in the request of the HTTP edge', () => {
    const request = { principal: { userId: USER_ID, displayName: 'Ana Ångström' } as Principal } as AuthenticatedRequest;
    expect(runWithEnvelope(EDGE, () => envelopeFor(request))).toEqual({ ...EDGE, actorId: `user:${USER_ID}`, actorName: 'Ana Ångström' });
  });

  it('acts as service:gateway for a public field called without credentials', () => {
    expect(runWithEnvelope({ ...EDGE, actorName: 'stale' }, () => envelopeFor({} as AuthenticatedRequest))).toEqual(EDGE);
    // Outside any HTTP request (never in the running gateway): a fresh envelope, still service:gateway.
    expect(envelopeFor(undefined)).toMatchObject({ actorId: GATEWAY_ACTOR });
  });

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
