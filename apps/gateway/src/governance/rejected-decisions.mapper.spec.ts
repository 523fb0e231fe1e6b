import { REJECTED_DECISION_LIMITS, type RejectedDecisionDto } from '@fulcrum/contracts';
import { GraphQLJSON, MAX_JSON_DEPTH } from './json.scalar';
import { toRejectedDecision } from './rejected-decisions.mapper';

const dto: RejectedDecisionDto = {
  id: 12,
  streamSeq: 40,
  rowIndex: -1,
  modelVersionId: '7d1f3c9e-2b8a-4e6f-8c1d-9a0b1c2d3e4f',
  decisionId: null,
  code: 'ACTOR_MISSING',
  reason: 'no Fulcrum-Actor header',
  payload: { v: 2, decisions: [{ decisionId: 'd-1', attributes: { sex: 'F' } }] },
  payloadText: null,
  actor: null,
  rejectedAt: '2026-03-01T09:30:00.123Z',
  erasedAt: null,
};

describe('rejected decision mapping (gateway)', () => {
  it('maps every field, the times as dates', () => {
    expect(toRejectedDecision(dto)).toEqual({ ...dto, rejectedAt: new Date('2026-03-01T09:30:00.123Z'), erasedAt: null });
    const erased = toRejectedDecision({ ...dto, payload: null, erasedAt: '2026-04-01T00:00:00.000Z' });
    expect(erased).toMatchObject({ payload: null, payloadText: null, erasedAt: new Date('2026-04-01T00:00:00.000Z') });
    expect(toRejectedDecision({ ...dto, payload: null, payloadText: '{"v":2, oops' })).toMatchObject({ payload: null, payloadText: '{"v":2, oops' });
  });

  it('carries any payload the service gives as JSON: the service keeps to the JSON scalar’s depth limit', () => {
    expect(REJECTED_DECISION_LIMITS.payloadMaxDepth).toBeLessThanOrEqual(MAX_JSON_DEPTH);
    let deepest: unknown = 1;
    for (let i = 0; i < REJECTED_DECISION_LIMITS.payloadMaxDepth; i++) deepest = [deepest];
    const mapped = toRejectedDecision({ ...dto, payload: deepest });
    expect(GraphQLJSON.serialize(mapped.payload)).toEqual(deepest);
  });
});
