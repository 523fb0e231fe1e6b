import { getIntrospectionQuery, parse } from 'graphql';
import { GRAPHQL_COST_LIMITS } from '../graphql/graphql-cost.limits';
import { QUERY_DOCUMENT_LIMITS, queryDocumentProblem } from './query-document.limits';
import { measureQueryDocument } from './query-document.shape';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('measureQueryDocument', () => {
  it.each([
    ['{ a }', { depth: 1, aliases: 0, directives: 0, selections: 1, fragments: 0 }],
    ['{ x: a y: a { b } }', { depth: 2, aliases: 2, directives: 0, selections: 3, fragments: 0 }],
    ['{ a @include(if: true) { ... on T @skip(if: false) { b } } }', { depth: 2, aliases: 0, directives: 2, selections: 3, fragments: 0 }],
    ['query Q($v: Int @d) @e { a }', { depth: 1, aliases: 0, directives: 2, selections: 1, fragments: 0 }],
    // A fragment counts where it is spread, as often as it is spread, with its own directives.
    ['{ a { ...F } b { ...F } } fragment F on T @d { x: c y: c }', { depth: 2, aliases: 4, directives: 2, selections: 8, fragments: 1 }],
    // The largest of each measure over the operations: only one of them runs.
    ['query A { x: a } query B { a { b { c } } d e }', { depth: 3, aliases: 1, directives: 0, selections: 5, fragments: 0 }],
    // Fragments count as defined, used or not.
    ['fragment F on Q { x: a { b } } fragment G on Q { a }', { depth: 0, aliases: 0, directives: 0, selections: 0, fragments: 2 }],
  ])('%s', (text, shape) => {
    expect(measureQueryDocument(parse(text))).toEqual(shape);
  });

  it('counts a fan-out of fragments as execution would see it, walking each fragment once', () => {
    // F0 spreads F1 twice, F1 spreads F2 twice, … : 2^20 aliases from a few hundred characters.
    const fragments = range(20).map((i) => `fragment F${i} on Q { ...F${i + 1} ...F${i + 1} }`);
    const text = `{ ...F0 } ${fragments.join(' ')} fragment F20 on Q { x: a }`;
    const shape = measureQueryDocument(parse(text));
    expect(shape.aliases).toBe(2 ** 20);
    expect(shape.selections).toBeGreaterThan(2 ** 20);
    expect(shape.depth).toBe(1);
  });

  it('notes the first fragment cycle and stays finite', () => {
    expect(measureQueryDocument(parse('{ ...A } fragment A on Q { a { ...B } } fragment B on Q { b { ...A } }'))).toEqual({
      depth: 2,
      aliases: 0,
      directives: 0,
      selections: 5,
      fragments: 2,
      fragmentCycle: ['A', 'B', 'A'],
    });
    expect(measureQueryDocument(parse('{ ...A } fragment A on Q { ...A }')).fragmentCycle).toEqual(['A', 'A']);
  });
});

describe('queryDocumentProblem: what an operation asks for (QUERY_TOO_COMPLEX)', () => {
  const LIMITS = { maxAliases: 3, maxDirectives: 2, maxSelections: 6, maxFragments: 2 };

  it.each([
    ['aliases', '{ a: f b: f c: f d: f }', { limit: 'aliases', max: 3, actual: 4 }],
    ['aliases through fragments', '{ ...F ...F } fragment F on Q { a: f b: f }', { limit: 'aliases', max: 3, actual: 4 }],
    ['directives', '{ f @include(if: true) @skip(if: false) g @include(if: true) }', { limit: 'directives', max: 2, actual: 3 }],
    ['selections (the same field repeated)', '{ f f f f f f f }', { limit: 'selections', max: 6, actual: 7 }],
    ['selections (a fragment spread repeatedly)', '{ a { ...F } b { ...F } } fragment F on T { x y }', { limit: 'selections', max: 6, actual: 8 }],
    ['fragments (defined, used or not)', '{ ...F } fragment F on Q { f } fragment G on Q { f } fragment H on Q { f }', { limit: 'fragments', max: 2, actual: 3 }],
  ])('refuses an operation over the %s limit', (_name, text, details) => {
    expect(queryDocumentProblem(text, QUERY_DOCUMENT_LIMITS, LIMITS)).toEqual({ code: 'QUERY_TOO_COMPLEX', message: expect.any(String), details });
  });

  it('refuses a fragment cycle, naming it', () => {
    expect(queryDocumentProblem('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }')).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      message: 'Fragment A spreads itself (A → B → A): a fragment cycle never ends',
      details: { limit: 'fragmentCycle', cycle: ['A', 'B', 'A'] },
    });
  });

  it('accepts an operation at every limit', () => {
    expect(queryDocumentProblem('{ a: f b: f c: f g @include(if: true) h @skip(if: false) }', QUERY_DOCUMENT_LIMITS, { ...LIMITS, maxSelections: 5 })).toBeUndefined();
  });

  it('checks the size of the text first: QUERY_TOO_LARGE before QUERY_TOO_COMPLEX', () => {
    expect(queryDocumentProblem(`{ ${range(5_000).map((i) => `a${i}: eventCatalog(projectId: "p") { total }`).join(' ')} }`)).toMatchObject({
      code: 'QUERY_TOO_LARGE',
      details: { limit: 'length' },
    });
    expect(queryDocumentProblem(`${'{ a '.repeat(40)}${'}'.repeat(40)}`)).toMatchObject({ code: 'QUERY_TOO_LARGE', details: { limit: 'depth' } });
  });

  it('refuses 5,000 aliases of eventCatalog by the alias limit even where the size limits would let them through', () => {
    const text = `query($p: ID!) { ${range(5_000).map((i) => `a${i}: eventCatalog(projectId: $p) { total }`).join(' ')} }`;
    const generous = { maxLength: 10_000_000, maxTokens: 1_000_000, maxDepth: 32 };
    expect(queryDocumentProblem(text, generous)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', details: { limit: 'aliases', max: 15, actual: 5_000 } });
  });

  it('lets the full introspection query and our largest operations through the default limits, with room to spare', () => {
    const introspection = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    expect(queryDocumentProblem(introspection)).toBeUndefined();
    const shape = measureQueryDocument(parse(introspection));
    expect(shape).toMatchObject({ aliases: 0, directives: 0 });
    expect(shape.selections).toBeLessThanOrEqual(GRAPHQL_COST_LIMITS.maxSelections / 2);
  });
});
