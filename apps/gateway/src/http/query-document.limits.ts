import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  Lexer,
  type SelectionSetNode,
  Source,
  TokenKind,
  parse,
} from 'graphql';

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

export interface QueryDocumentProblem {
  message: string;
  details: { limit: 'length' | 'tokens' | 'depth'; max: number; actual: number };
}

/**
 * Why `text` is too large to execute, or `undefined`. Checked cheapest first: the length before any
 * lexing, the tokens before building a syntax tree, the depth on a tree bounded by both. A document
 * that does not lex or parse is not our concern here: Apollo answers it with GRAPHQL_PARSE_FAILED.
 */
export function queryDocumentProblem(text: string, limits: QueryDocumentLimits = QUERY_DOCUMENT_LIMITS): QueryDocumentProblem | undefined {
  if (text.length > limits.maxLength) {
    return problem('length', limits.maxLength, text.length, `The query document has ${text.length} characters; at most ${limits.maxLength} are parsed`);
  }
  let document: DocumentNode;
  try {
    const tokens = countTokens(text, limits.maxTokens + 1);
    if (tokens > limits.maxTokens) {
      return problem('tokens', limits.maxTokens, tokens, `The query document has more than ${limits.maxTokens} tokens`);
    }
    document = parse(text, { maxTokens: limits.maxTokens, noLocation: true });
  } catch {
    return undefined;
  }
  const depth = documentDepth(document);
  if (depth > limits.maxDepth) {
    return problem('depth', limits.maxDepth, depth, `The query document nests ${depth} fields deep; at most ${limits.maxDepth} are executed`);
  }
  return undefined;
}

function problem(limit: QueryDocumentProblem['details']['limit'], max: number, actual: number, message: string): QueryDocumentProblem {
  return { message, details: { limit, max, actual } };
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
 * Each fragment's depth is computed once; a fragment cycle (invalid, Apollo's validation reports it)
 * counts as depth 0 instead of looping.
 */
export function documentDepth(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fragmentDepths = new Map<string, number>();
  const inProgress = new Set<string>();

  const fragmentDepth = (name: string): number => {
    const known = fragmentDepths.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (fragment === undefined || inProgress.has(name)) return 0;
    inProgress.add(name);
    const depth = selectionSetDepth(fragment.selectionSet);
    inProgress.delete(name);
    fragmentDepths.set(name, depth);
    return depth;
  };

  const selectionSetDepth = (set: SelectionSetNode): number => {
    let deepest = 0;
    for (const selection of set.selections) {
      const depth =
        selection.kind === Kind.FIELD
          ? 1 + (selection.selectionSet ? selectionSetDepth(selection.selectionSet) : 0)
          : selection.kind === Kind.INLINE_FRAGMENT
            ? selectionSetDepth(selection.selectionSet)
            : fragmentDepth(selection.name.value);
      deepest = Math.max(deepest, depth);
    }
    return deepest;
  };

  let deepest = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) deepest = Math.max(deepest, selectionSetDepth(definition.selectionSet));
  }
  return deepest;
}
