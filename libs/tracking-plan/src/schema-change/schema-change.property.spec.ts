import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { type JsonSchema, classifySchemaChange } from './schema-change.classifier';

/**
 * Soundness, checked against ajv: whenever the classifier calls a change compatible (NONE or
 * ADDITION), every value valid under the old schema is valid under the new one. Schemas are random
 * event-property schemas of the shapes a tracking plan holds (typed properties with enums, bounds,
 * lengths, patterns, nested objects and arrays; required sets; open or closed objects); the new
 * schema is the old one with random edits; values are drawn both at random and shaped by the old
 * schema, so that many of them are valid under it.
 */
const NAMES = ['a', 'b', 'c', 'd'] as const;
type Schema = Record<string, unknown>;

const leaf: fc.Arbitrary<Schema> = fc.oneof(
  fc.record({ type: fc.constant('string'), maxLength: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), enum: fc.option(fc.uniqueArray(fc.constantFrom('x', 'y', 'zz', ''), { minLength: 1, maxLength: 3 }), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constantFrom('integer', 'number'), minimum: fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined }), maximum: fc.option(fc.integer({ min: -1, max: 3 }), { nil: undefined }), exclusiveMinimum: fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constantFrom('boolean', 'null') }),
  fc.record({ type: fc.constant(['string', 'null']), pattern: fc.option(fc.constantFrom('^x', 'y$'), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant(['integer', 'string']), const: fc.option(fc.constantFrom(1, 'x'), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.constant({}),
);

const objectOf = (value: fc.Arbitrary<Schema>): fc.Arbitrary<Schema> =>
  fc
    .record({
      properties: fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 4 }),
      required: fc.subarray([...NAMES]),
      additionalProperties: fc.option(fc.oneof(fc.boolean(), fc.constant({ type: 'string' })), { nil: undefined }),
    })
    .map(({ properties, required, additionalProperties }) => ({
      type: 'object',
      properties,
      required: required.filter((name) => name in properties),
      ...(additionalProperties !== undefined && { additionalProperties }),
    }));

const nested: fc.Arbitrary<Schema> = fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: objectOf(leaf) }, { weight: 1, arbitrary: fc.record({ type: fc.constant('array'), items: leaf, maxItems: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }) }, { requiredKeys: ['type', 'items'] }) });
const eventSchema = objectOf(nested);

/** One random edit of a schema: the new version. */
function edited(schema: Schema): fc.Arbitrary<Schema> {
  const props = schema['properties'] as Record<string, Schema>;
  const required = schema['required'] as string[];
  const tweak = tweakOf(schema, props);
  return fc.oneof(
    nested.chain((sub) => fc.constantFrom(...NAMES).map((name) => ({ ...schema, properties: { ...props, [name]: sub } }))),
    fc.constantFrom(...NAMES).map((name) => ({ ...schema, required: name in props && !required.includes(name) ? [...required, name] : required.filter((r) => r !== name) })),
    fc.constantFrom(...NAMES).map((name) => {
      const { [name]: _removed, ...rest } = props;
      return { ...schema, properties: rest, required: required.filter((r) => r !== name) };
    }),
    fc.oneof(fc.boolean(), fc.constant({ type: 'string' }), fc.constant(undefined)).map((extra) => {
      const { additionalProperties: _old, ...rest } = schema;
      return extra === undefined ? rest : { ...rest, additionalProperties: extra };
    }),
    // One constraint of one property tightened, loosened, added or dropped (the most common edit).
    ...Array.from({ length: 4 }, () => tweak),
    eventSchema,
  );
}

function tweakOf(schema: Schema, props: Record<string, Schema>): fc.Arbitrary<Schema> {
  return fc
      .tuple(fc.constantFrom(...NAMES), fc.constantFrom('minimum', 'maximum', 'exclusiveMinimum', 'maxLength', 'enum', 'type', 'pattern'), fc.option(fc.integer({ min: -3, max: 4 }), { nil: undefined }))
      .map(([name, keyword, n]) => {
        const current = props[name];
        if (!current) return schema;
        const value =
          n === undefined ? undefined : keyword === 'enum' ? (Array.isArray(current['enum']) && n % 2 === 0 ? (current['enum'] as unknown[]).slice(1) : ['x', 'y', 'zz', ''].slice(0, Math.abs(n) + 1)) : keyword === 'type' ? ['string', 'integer', 'number', ['integer', 'string']][Math.abs(n) % 4] : keyword === 'pattern' ? ['^x', 'y$'][Math.abs(n) % 2] : keyword === 'maxLength' ? Math.abs(n) : n;
        const { [keyword]: _old, ...rest } = current;
        return { ...schema, properties: { ...props, [name]: value === undefined ? rest : { ...rest, [keyword]: value } } };
      });
}

const scalar = fc.oneof(fc.constantFrom('x', 'y', 'zz', '', 'xy', 'abcdef'), fc.integer({ min: -3, max: 4 }), fc.constantFrom(0.5, -1.5, 2.5), fc.boolean(), fc.constant(null));
const anyValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...NAMES, 'e'), scalar, { maxKeys: 3 }) });
const event = fc.dictionary(fc.constantFrom(...NAMES, 'e'), anyValue, { maxKeys: 5 });

/** Values shaped by a schema (its properties, sometimes left out; values near its bounds), valid or not. */
function shaped(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const props = schema['properties'] as Record<string, Schema> | undefined;
  if (props && depth < 3) {
    const entries = Object.entries(props).map(([name, sub]) => fc.option(shaped(sub, depth + 1), { freq: 4, nil: undefined }).map((v) => [name, v] as const));
    return fc.tuple(fc.tuple(...entries), fc.option(scalar, { freq: 3, nil: undefined })).map(([pairs, extra]) => {
      const out: Record<string, unknown> = {};
      for (const [name, v] of pairs) if (v !== undefined) out[name] = v;
      if (extra !== undefined) out['e'] = extra;
      return out;
    });
  }
  if (schema['items'] && depth < 3) return fc.array(shaped(schema['items'] as Schema, depth + 1), { maxLength: 3 });
  const near = (n: unknown) => (typeof n === 'number' ? [n - 1, n - 0.5, n, n + 0.5, n + 1] : []);
  const candidates = [...((schema['enum'] as unknown[]) ?? []), ...near(schema['minimum']), ...near(schema['maximum']), ...near(schema['exclusiveMinimum'])];
  return candidates.length > 0 ? fc.oneof(fc.constantFrom(...candidates), scalar) : scalar;
}

describe('classifySchemaChange: soundness against ajv (property test)', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: false });

  it('never calls a change compatible when a value valid before is refused after', () => {
    let compatiblePairs = 0;
    let checkedValid = 0;
    fc.assert(
      fc.property(
        eventSchema.chain((before) => fc.tuple(edited(before), fc.array(fc.oneof(event, shaped(before)), { minLength: 40, maxLength: 40 })).map(([after, events]) => ({ before, after, events }))),
        ({ before, after, events }) => {
          const change = classifySchemaChange(before as JsonSchema, after as JsonSchema);
          if (change.kind !== 'NONE' && change.kind !== 'ADDITION') return;
          compatiblePairs += 1;
          const validBefore = ajv.compile(before);
          const validAfter = ajv.compile(after);
          for (const value of events) {
            if (!validBefore(value)) continue;
            checkedValid += 1;
            if (!validAfter(value)) throw new Error(`${change.kind} but ${JSON.stringify(value)} is refused by ${JSON.stringify(after)} (was valid under ${JSON.stringify(before)})`);
          }
        },
      ),
      { numRuns: 2500, seed: 20261207 },
    );
    // The test must have exercised the claim, not only skipped.
    expect(compatiblePairs).toBeGreaterThan(50);
    expect(checkedValid).toBeGreaterThan(500);
  });

  it('finds the incompatibility the classifier reports: for REVISION and MODEL some value valid before is refused after, in most pairs', () => {
    // Not a law (a change can be incompatible only for values the generator never draws), so it is
    // checked as a share: the classifier's incompatibilities are real most of the time.
    let incompatible = 0;
    let witnessed = 0;
    fc.assert(
      fc.property(eventSchema.chain((before) => fc.tuple(edited(before), fc.array(fc.oneof(event, shaped(before)), { minLength: 60, maxLength: 60 })).map(([after, events]) => ({ before, after, events }))), ({ before, after, events }) => {
        const change = classifySchemaChange(before as JsonSchema, after as JsonSchema);
        if (change.kind !== 'REVISION' && change.kind !== 'MODEL') return;
        incompatible += 1;
        const validBefore = ajv.compile(before);
        const validAfter = ajv.compile(after);
        if (events.some((value) => validBefore(value) && !validAfter(value))) witnessed += 1;
      }),
      { numRuns: 400, seed: 7 },
    );
    expect(incompatible).toBeGreaterThan(50);
    expect(witnessed / incompatible).toBeGreaterThan(0.3);
  });
});
