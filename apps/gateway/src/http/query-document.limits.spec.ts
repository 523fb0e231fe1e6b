import { getIntrospectionQuery, parse } from 'graphql';
import { QUERY_DOCUMENT_LIMITS, type QueryDocumentLimits, documentDepth, queryDocumentProblem } from './query-document.limits';

/** `{ f { f { … f } } }` with `depth` fields. */
const nested = (depth: number): string => `${'{ f '.repeat(depth)}${'}'.repeat(depth)}`;
/** `{ f f f … }`: `fields` + 2 tokens. */
const wide = (fields: number): string => `{ ${'f '.repeat(fields)}}`;

const SMALL: QueryDocumentLimits = { maxLength: 200, maxTokens: 40, maxDepth: 4 };

describe('queryDocumentProblem', () => {
  it.each([
    ['length', 'x'.repeat(201), { limit: 'length', max: 200, actual: 201 }],
    ['tokens (counted no further than one past the limit)', wide(60), { limit: 'tokens', max: 40, actual: 41 }],
    ['depth', nested(5), { limit: 'depth', max: 4, actual: 5 }],
    ['depth through a fragment', '{ a { ...F } } fragment F on T { b { c { d { e } } } }', { limit: 'depth', max: 4, actual: 5 }],
  ])('refuses a document over the %s limit', (_name, text, details) => {
    expect(queryDocumentProblem(text, SMALL)?.details).toEqual(details);
  });

  it.each([
    ['exactly the length', `{ f }${' '.repeat(195)}`],
    ['exactly the tokens', wide(38)],
    ['exactly the depth', nested(4)],
    ['a comment of any size within the length (comments are not tokens)', `# ${'x'.repeat(150)}\n{ f }`],
  ])('accepts a document at %s', (_name, text) => {
    expect(text.length).toBeLessThanOrEqual(200);
    expect(queryDocumentProblem(text, SMALL)).toBeUndefined();
  });

  it('leaves syntax errors to Apollo (no problem reported, nothing thrown)', () => {
    expect(queryDocumentProblem('{ f ', SMALL)).toBeUndefined();
    expect(queryDocumentProblem('{ "unterminated }', SMALL)).toBeUndefined();
  });

  it('lets the full introspection query through the default limits, with room to spare', () => {
    const introspection = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    expect(queryDocumentProblem(introspection)).toBeUndefined();
    expect(documentDepth(parse(introspection))).toBe(15);
    expect(QUERY_DOCUMENT_LIMITS.maxDepth).toBeGreaterThanOrEqual(2 * 15);
  });

  it('refuses a 5 MB document by its length, before lexing it', () => {
    const huge = `{ ${'a '.repeat(2_500_000)}}`;
    expect(queryDocumentProblem(huge)?.details).toEqual({ limit: 'length', max: 65_536, actual: huge.length });
  });
});

describe('documentDepth', () => {
  it.each([
    ['{ a }', 1],
    ['{ a b { c } }', 2],
    ['{ a { ... on T { b { c } } } }', 3],
    ['query A { a } query B { a { b { c } } }', 3],
    ['{ ...F a } fragment F on Q { b { c { d } } }', 3],
    // Each spread is as deep as the fragment, wherever it is spread; a fragment used twice is computed once.
    ['{ x { ...F } y { z { ...F } } } fragment F on T { a { b } }', 4],
    // A cycle is invalid GraphQL (validation reports it); the depth stays finite.
    ['{ ...A } fragment A on Q { a { ...B } } fragment B on Q { b { ...A } }', 2],
    ['fragment F on Q { a { b { c } } }', 0],
  ])('%s is %i deep', (text, depth) => {
    expect(documentDepth(parse(text))).toBe(depth);
  });
});
