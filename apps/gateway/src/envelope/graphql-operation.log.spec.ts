import { GraphQLError } from 'graphql';
import { operationLine } from './graphql-operation.log';
import { withRequestId } from './graphql-request-id.plugin';

describe('gateway request envelope in GraphQL answers and logs', () => {
  it('names the request id in every formatted GraphQL error', () => {
    const errors = [{ message: 'no', extensions: { code: 'FORBIDDEN' } }, { message: 'bare' }];
    expect(withRequestId(errors, 'req-1')).toEqual([
      { message: 'no', extensions: { code: 'FORBIDDEN', requestId: 'req-1' } },
      { message: 'bare', extensions: { requestId: 'req-1' } },
    ]);
    expect(errors[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it('logs one line per operation: name (or anonymous), time, ok or the error codes', () => {
    expect(operationLine({ operationName: 'Trend', state: 100 }, 142.4)).toBe('graphql Trend 42ms ok');
    const errors = [new GraphQLError('x', { extensions: { code: 'BAD_USER_INPUT', domainCode: 'VALIDATION_FAILED' } }), new GraphQLError('y', { extensions: { code: 'FORBIDDEN' } })];
    expect(operationLine({ state: 0, errors }, 5)).toBe('graphql anonymous 5ms VALIDATION_FAILED,FORBIDDEN');
  });
});
