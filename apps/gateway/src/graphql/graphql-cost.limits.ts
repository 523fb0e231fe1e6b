/**
 * What one GraphQL operation may ask of the gateway, beyond the size of its text (length, tokens and
 * depth: `QUERY_DOCUMENT_LIMITS` in `../http/query-document.limits.ts`). Past any of these the request
 * is refused with `QUERY_TOO_COMPLEX` (HTTP 400) before a resolver runs: the shape limits at the HTTP
 * front door before Apollo parses the document, the cost once Apollo has validated it. docs/api.md
 * "GraphQL limits" lists them for clients.
 */
export interface GraphqlCostLimits {
  /** Aliased fields in the operation, fragments counted where (and as often as) they are spread. */
  readonly maxAliases: number;
  /** Directives (`@include`, `@skip`, …) in the operation, counted the same way. */
  readonly maxDirectives: number;
  /** Fields, inline fragments and fragment spreads in the operation, counted the same way. */
  readonly maxSelections: number;
  /** Fragment definitions in the document. */
  readonly maxFragments: number;
  /** Estimated cost of the operation (see `graphql-cost.estimator.ts`), from the three numbers below. */
  readonly maxCost: number;
  /** Cost of a field of an object type. */
  readonly fieldCost: number;
  /** Cost of a field of Query or Mutation: each is a call to a backend service or to the database. */
  readonly rootFieldCost: number;
  /** Elements a list is assumed to hold: what is selected inside a list counts this many times per list level. */
  readonly listSize: number;
}

export const GRAPHQL_COST_LIMITS: GraphqlCostLimits = {
  // Each alias of a root field is one more backend call: 5,000 aliases of eventCatalog were 5,000 RPCs
  // (19.9 s, other clients waited 9.4 s). Our tests and the CLI alias nothing; 15 still lets a GraphiQL
  // user ask a handful of insights side by side. It is graphql-armor's default too.
  maxAliases: 15,
  // `@include`/`@skip` on a few fields is all a client needs (graphql-armor's default is 50 as well);
  // past that a document is directive padding, like `@include(if: true)` × 1,000.
  maxDirectives: 50,
  // About twice GraphiQL's full introspection query (240), the largest operation a tool sends; ours
  // reach 38 (fairnessReport in the tests), and selecting every field of `analyses`, 141. graphql-js
  // compares fields of the same name pairwise: the worst shapes we found validate in about 25 ms at
  // 500 selections, 140 ms at 1,000. It also bounds field duplication (`{ __typename × 4,000 }`).
  maxSelections: 500,
  // graphql-js compares every pair of fragments spread into one selection set: 160 fragments took
  // 125 ms to validate, 50 under 15 ms. GraphiQL's introspection query has 3; a client page a few dozen.
  maxFragments: 50,
  // The dearest single operation the schema allows is `analyses` with every field of every result kind
  // (a history page drawing each chart): about 36,900. So any one root field may be selected whole,
  // and two of those may not; 5,000 aliases of `eventCatalog { totalEvents }` would cost 505,000.
  maxCost: 50_000,
  fieldCost: 1,
  // A NATS round trip and a query outweigh copying a field's value by about two orders of magnitude.
  rootFieldCost: 100,
  // Our pages hold 20-100 rows by default and an insight tens of buckets or cohorts; 10 per list level
  // keeps estimates in that range without knowing every field's page argument.
  listSize: 10,
};
