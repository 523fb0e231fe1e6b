import { DomainError, TRACKING_PLAN_LIMITS } from '@fulcrum/contracts';
import { checkPlanDocumentForPublish } from './plan-document.checks';

const definition = (name: string, properties: Record<string, unknown> = { type: 'object' }) => ({
  name,
  description: '',
  owner: null,
  status: 'PLANNED',
  schemaVer: '1-0-0',
  properties,
  pii: [] as Array<{ pointer: string; rule: string }>,
  instrumentationItemIds: [],
});

function refusal(document: unknown): { code: string; message: string; details: unknown } {
  try {
    checkPlanDocumentForPublish(document as Record<string, unknown>);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

/** `{ type: object, properties: { p: … } }` around `leaf` `levels` times: 2 JSON levels per schema level, so `leaf` sits at JSON level 1 + 2 × levels. */
function nested(levels: number, leaf: Record<string, unknown> = { type: 'string' }): Record<string, unknown> {
  let schema: Record<string, unknown> = leaf;
  for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { p: schema } };
  return schema;
}

describe('checkPlanDocumentForPublish', () => {
  it('answers a valid document as it is', () => {
    const document = {
      events: [{ ...definition('Signed Up', { type: 'object', properties: { plan: { enum: ['free', 'pro'] }, email: { type: 'string' } }, 'x-owner': 'growth' }), pii: [{ pointer: '/email', rule: 'HASH' }] }],
      traits: { schemaVer: '1-0-0', properties: { type: 'object' }, pii: [] },
    };
    expect(checkPlanDocumentForPublish(document)).toBe(document);
  });

  it('refuses a document over the size limit before looking at it, with the sizes', () => {
    const big = { events: [definition('a', { type: 'object', description: 'x'.repeat(TRACKING_PLAN_LIMITS.maxDocumentBytes) })], traits: null };
    const refused = refusal(big);
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(refused.details).toMatchObject({ field: 'document', keyword: 'maxBytes', limitBytes: TRACKING_PLAN_LIMITS.maxDocumentBytes });
  });

  it.each([
    ['an unknown top-level field', { events: [], traits: null, version: 3 }, 'additionalProperties'],
    ['no traits field', { events: [] }, 'required'],
    ['a bad SchemaVer', { events: [{ ...definition('a'), schemaVer: '1.0.0' }], traits: null }, 'pattern'],
    ['an unknown status', { events: [{ ...definition('a'), status: 'ACTIVE' }], traits: null }, 'enum'],
    ['too many events', { events: Array.from({ length: TRACKING_PLAN_LIMITS.maxEvents + 1 }, (_, i) => definition(`e${i}`)), traits: null }, 'maxItems'],
    ['a __proto__ key beside the fields', JSON.parse('{"events":[],"traits":null,"__proto__":{"polluted":true}}') as unknown, 'additionalProperties'],
  ])('refuses %s as VALIDATION_FAILED naming the keyword', (_why, document, keyword) => {
    const refused = refusal(document);
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(refused.details).toMatchObject({ keyword });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it("refuses an event called $traits (the traits definition's name)", () => {
    expect(refusal({ events: [definition('$traits')], traits: null })).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'document.events.0.name', keyword: 'reserved' } });
  });

  it('answers every problem checkPlanDocument finds, the first as field and keyword: schemas ajv cannot compile, a duplicate name, an unknown PII pointer', () => {
    const refused = refusal({
      events: [definition('a'), definition('b', { type: 'object', properties: { x: { type: 'strnig' } } }), { ...definition('a'), pii: [{ pointer: '/nope', rule: 'DROP' }] }],
      traits: { schemaVer: '1-0-0', properties: { type: 'object', $ref: '#/nowhere' }, pii: [] },
    });
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(refused.message).toMatch(/^document\.events\.1\.properties: .* \(and 3 more problems, see details\.problems\)$/);
    expect(refused.details).toMatchObject({ field: 'document.events.1.properties', keyword: 'INVALID_SCHEMA' });
    expect((refused.details as { problems: Array<{ path: string; code: string }> }).problems.map((p) => [p.path, p.code])).toEqual([
      ['/events/1/properties', 'INVALID_SCHEMA'],
      ['/events/2/name', 'DUPLICATE_EVENT_NAME'],
      ['/events/2/pii/0/pointer', 'UNKNOWN_PII_POINTER'],
      ['/traits/properties', 'INVALID_SCHEMA'],
    ]);
  });

  it(`allows a properties schema nesting ${TRACKING_PLAN_LIMITS.maxSchemaDepth} objects and arrays, refuses one more, and survives a very deep one`, () => {
    expect(TRACKING_PLAN_LIMITS.maxSchemaDepth).toBe(16);
    // The leaf object at level 15, its enum array at 16; one more array inside is 17.
    const atLimit = nested(7, { type: 'string', enum: ['a', 'b'] });
    expect(() => checkPlanDocumentForPublish({ events: [definition('a', atLimit)], traits: null })).not.toThrow();
    const over = nested(7, { type: 'array', enum: [['a']] });
    expect(refusal({ events: [definition('a', over)], traits: null })).toMatchObject({ details: { field: 'document.events.0.properties', keyword: 'TOO_DEEP' } });
    // Deep enough to overflow anything recursive (JSON.stringify included): refused as a whole first.
    expect(refusal({ events: [definition('a', nested(50_000))], traits: null })).toMatchObject({ details: { field: 'document', keyword: 'maxDepth' } });
  });
});
