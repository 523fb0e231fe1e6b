import type { ErrorObject } from 'ajv/dist/2020';
import { CompositeIndex } from './composite.index';
import { compileTrackingPlan } from './plan.checker';
import { definition, planOf } from './plan-checker.test-helpers';
import { MAX_EXPECTED_LENGTH, violationsOf } from './violation.mapper';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('violationsOf', () => {
  it('never lets a refused event read as valid: errors that fold into nothing still give a violation', () => {
    const errors: ErrorObject[] = [{ keyword: 'if', instancePath: '/payment', schemaPath: '#/properties/payment/if', params: { failingKeyword: 'then' }, data: {} }];
    expect(violationsOf(errors, { composites: new CompositeIndex({}), piiPointers: [] })).toEqual([{ code: 'PATTERN_MISMATCH', pointer: '/payment', expected: 'if', received: 'object' }]);
  });

  it('cuts expected between code points, never inside a surrogate pair', () => {
    // ["😀😀…: the code unit at the cut (index 198) is the high half of a pair.
    const values = ['😀'.repeat(150), 'b'];
    expect(JSON.stringify(values).charCodeAt(MAX_EXPECTED_LENGTH - 2)).toBe(0xd83d);
    const plan = compileTrackingPlan(planOf([definition('E', { type: 'object', properties: { e: { type: 'string', enum: values } } })]), 1);
    const [violation] = plan.checkEvent('E', { e: 'other' });
    expect(violation.code).toBe('NOT_IN_ENUM');
    expect(violation.expected?.length).toBeLessThanOrEqual(MAX_EXPECTED_LENGTH);
    expect(violation.expected).toMatch(/…$/);
    expect(LONE_SURROGATE.test(violation.expected ?? '')).toBe(false);
  });
});
