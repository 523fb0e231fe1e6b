import { type DocumentNode, Lexer, Source, TokenKind, parse } from 'graphql';
import { GRAPHQL_COST_LIMITS, type GraphqlCostLimits } from '../graphql/graphql-cost.limits';
import { measureQueryDocument } from './query-document.shape';

/** How large a GraphQL query document the gateway parses. The query text only: variables are data, bounded by the body limit. */
export interface QueryDocumentLimits {
  /** Characters of query text (UTF-16 code units, as JavaScript counts them). */
  readonly maxLength: number;
  /** Lexical tokens (names, punctuation, values; comments do not count), as graphql-js `parse(…, { maxTokens })`. */
  readonly maxTokens: number;
  /** Nesting of fields, fragments spread in place (`{ a { b } }` is 2). */
  readonly maxDepth: number;
}

/**
 * Far above any query the console, GraphiQL or the CLI send (GraphiQL's full introspection query has
 * 2,075 characters, 184 tokens and is 15 deep; other tools nest `ofType` a few levels more), far below
 * what costs the gateway time to parse and validate (a 5 MB document was parsed whole before;
 * a 1,000-deep `ofType { ofType … }` is the classic).
 */
export const QUERY_DOCUMENT_LIMITS: QueryDocumentLimits = { maxLength: 65_536, maxTokens: 5_000, maxDepth: 32 };

/** The limits on what an operation asks for that can be checked without the schema. */
export type OperationShapeLimits = Pick<GraphqlCostLimits, 'maxAliases' | 'maxDirectives' | 'maxSelections' | 'maxFragments'>;

export type QueryDocumentProblem =
  | {
      /** The text is too large to parse or execute. */
      code: 'QUERY_TOO_LARGE';
      message: string;
      details: { limit: 'length' | 'tokens' | 'depth'; max: number; actual: number };
    }
  | {
      /** The text parses, but the operation asks for too much (or is an endless fragment cycle). */
      code: 'QUERY_TOO_COMPLEX';
      message: string;
      details: { limit: 'aliases' | 'directives' | 'selections' | 'fragments'; max: number; actual: number } | { limit: 'fragmentCycle'; cycle: string[] };
    };

/**
 * Why `text` is too large or asks too much to execute, or `undefined`. Checked cheapest first: the
 * length before any lexing, the tokens before building a syntax tree, then depth, fragment cycles,
 * aliases, directives, selections and fragments, measured in one walk of a tree bounded by both. A
 * document that does not lex or parse is not our concern here: Apollo answers it with
 * GRAPHQL_PARSE_FAILED.
 */
export function queryDocumentProblem(
  text: string,
  limits: QueryDocumentLimits = QUERY_DOCUMENT_LIMITS,
  shapeLimits: OperationShapeLimits = GRAPHQL_COST_LIMITS,
): QueryDocumentProblem | undefined {
  if (text.length > limits.maxLength) {
    return tooLarge('length', limits.maxLength, text.length, `The query document has ${text.length} characters; at most ${limits.maxLength} are parsed`);
  }
  let document: DocumentNode;
  try {
    const tokens = countTokens(text, limits.maxTokens + 1);
    if (tokens > limits.maxTokens) {
      return tooLarge('tokens', limits.maxTokens, tokens, `The query document has more than ${limits.maxTokens} tokens`);
    }
    document = parse(text, { maxTokens: limits.maxTokens, noLocation: true });
  } catch {
    return undefined;
  }
  const shape = measureQueryDocument(document);
  if (shape.depth > limits.maxDepth) {
    return tooLarge('depth', limits.maxDepth, shape.depth, `The query document nests ${shape.depth} fields deep; at most ${limits.maxDepth} are executed`);
  }
  if (shape.fragmentCycle) {
    const cycle = shape.fragmentCycle;
    return {
      code: 'QUERY_TOO_COMPLEX',
      message: `Fragment ${cycle[0]} spreads itself (${cycle.join(' → ')}): a fragment cycle never ends`,
      details: { limit: 'fragmentCycle', cycle },
    };
  }
  // Counted with every fragment spread where it is spread, as execution would see them; fragments as defined.
  const counts = [
    ['aliases', shapeLimits.maxAliases, shape.aliases, 'aliased fields'],
    ['directives', shapeLimits.maxDirectives, shape.directives, 'directives'],
    ['selections', shapeLimits.maxSelections, shape.selections, 'fields, inline fragments and fragment spreads'],
    ['fragments', shapeLimits.maxFragments, shape.fragments, 'fragment definitions'],
  ] as const;
  for (const [limit, max, actual, what] of counts) {
    if (actual > max) {
      return {
        code: 'QUERY_TOO_COMPLEX',
        message:
          limit === 'fragments'
            ? `The document defines ${actual} fragments; at most ${max} are validated`
            : `The operation has ${actual} ${what} (fragments counted where they are spread); at most ${max} are executed`,
        details: { limit, max, actual },
      };
    }
  }
  return undefined;
}

function tooLarge(limit: 'length' | 'tokens' | 'depth', max: number, actual: number, message: string): QueryDocumentProblem {
  return { code: 'QUERY_TOO_LARGE', message, details: { limit, max, actual } };
}

/** Tokens in `text`, counting no further than `stopAt` (so a huge document is not lexed to the end). */
function countTokens(text: string, stopAt: number): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  while (count < stopAt && lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}

/**
 * The deepest field nesting of any operation, with fragment spreads counted where they are spread.
 * Each fragment is measured once; a fragment cycle (refused, see above) counts as depth 0 instead of looping.
 */
export function documentDepth(document: DocumentNode): number {
  return measureQueryDocument(document).depth;
}
