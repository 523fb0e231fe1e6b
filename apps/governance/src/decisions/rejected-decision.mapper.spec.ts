import { REJECTED_DECISION_LIMITS } from '@fulcrum/contracts';
import { payloadOf, toRejectedDecisionDto } from './rejected-decision.mapper';
import type { RejectedDecisionRow } from './rejected-decisions.reader';

/** JSON text of `[[…[1]…]]`: the number sits `depth` levels below the root. */
const nestedText = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

const row: RejectedDecisionRow = {
  id: '9007199254740991',
  stream_seq: '17',
  row_index: 2,
  model_version_id: 'not-a-uuid-as-sent',
  decision_id: 'd-7',
  code: 'INVALID_FIELD',
  reason: 'occurredAt must be an ISO-8601 instant with offset',
  payload: '{"decisionId":"d-7","occurredAt":"tomorrow"}',
  actor: 'service:screener',
  rejected_at: new Date('2026-03-01T09:30:00.123Z'),
  erased_at: null,
};

describe('rejected decision mapping', () => {
  it('maps a stored row field by field, the payload as JSON and the times as ISO instants', () => {
    expect(toRejectedDecisionDto(row)).toEqual({
      id: Number.MAX_SAFE_INTEGER,
      streamSeq: 17,
      rowIndex: 2,
      modelVersionId: 'not-a-uuid-as-sent',
      decisionId: 'd-7',
      code: 'INVALID_FIELD',
      reason: 'occurredAt must be an ISO-8601 instant with offset',
      payload: { decisionId: 'd-7', occurredAt: 'tomorrow' },
      payloadText: null,
      actor: 'service:screener',
      rejectedAt: '2026-03-01T09:30:00.123Z',
      erasedAt: null,
    });
  });

  it('shows an erased row with neither payload nor text, and when it was erased (also from timestamp strings)', () => {
    const erased = toRejectedDecisionDto({ ...row, payload: null, rejected_at: '2026-03-01 09:30:00.5+00', erased_at: '2026-04-02T10:00:00+02:00' });
    expect(erased).toMatchObject({ payload: null, payloadText: null, rejectedAt: '2026-03-01T09:30:00.500Z', erasedAt: '2026-04-02T08:00:00.000Z' });
  });

  it('gives every JSON value as JSON, including null, numbers and strings (the row as the message had it)', () => {
    expect(payloadOf('null')).toEqual({ payload: null, payloadText: null });
    expect(payloadOf('42')).toEqual({ payload: 42, payloadText: null });
    expect(payloadOf('"x"')).toEqual({ payload: 'x', payloadText: null });
    expect(payloadOf('{"a":[],"b":{}}')).toEqual({ payload: { a: [], b: {} }, payloadText: null });
  });

  it('gives a payload the API cannot carry as JSON as its text: not JSON, too deep, a number beyond the double range', () => {
    for (const text of ['{"v":2, oops', '', nestedText(REJECTED_DECISION_LIMITS.payloadMaxDepth + 1), '{"score":1e400}', '[-1e999]']) {
      expect(payloadOf(text)).toEqual({ payload: null, payloadText: text });
    }
  });

  it('keeps JSON exactly at the depth limit, and empty containers at it, as JSON', () => {
    const deepest = nestedText(REJECTED_DECISION_LIMITS.payloadMaxDepth);
    expect(payloadOf(deepest)).toEqual({ payload: JSON.parse(deepest), payloadText: null });
    const emptyAtLimit = `${'['.repeat(REJECTED_DECISION_LIMITS.payloadMaxDepth + 1)}${']'.repeat(REJECTED_DECISION_LIMITS.payloadMaxDepth + 1)}`;
    expect(payloadOf(emptyAtLimit).payloadText).toBeNull();
    const objectTooDeep = `${'{"a":'.repeat(REJECTED_DECISION_LIMITS.payloadMaxDepth + 1)}true${'}'.repeat(REJECTED_DECISION_LIMITS.payloadMaxDepth + 1)}`;
    expect(payloadOf(objectTooDeep)).toEqual({ payload: null, payloadText: objectTooDeep });
  });
});
