import type { Type } from '@nestjs/common';
import { Args, Field, Int, ObjectType } from '@nestjs/graphql';
import type { Page } from '@fulcrum/contracts';

/**
 * Relay cursor connections: the one list style of the schema. Every list that can grow is a
 * `<Node>Connection { edges { cursor node } nodes pageInfo totalCount }` taking `first` and `after`.
 */
@ObjectType({ description: 'Where a page sits in its list (Relay).' })
export class PageInfo {
  @Field({ description: 'More items follow: ask again with `after: endCursor`.' })
  hasNextPage: boolean;

  @Field({ description: 'Always false: lists are read forwards only (`first`/`after`).' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page (null when empty).' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page: pass it as `after` (null when empty).' })
  endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

const connections = new Map<string, Type<unknown>>();

/** The `<Name>Connection` and `<Name>Edge` types of a node type (made once per node type). */
export function Connection<T>(node: Type<T>, name: string = node.name): Type<ConnectionShape<T>> {
  const known = connections.get(name);
  if (known) return known as Type<ConnectionShape<T>>;

  @ObjectType(`${name}Edge`, { description: `One ${name} and its cursor.` })
  class Edge {
    @Field({ description: 'Pass as `after` to continue after this item.' })
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items (Relay connection).` })
  class ConnectionType {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => [node], { description: 'The items of this page (the edges without cursors).' })
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'Items in the whole list.' })
    totalCount: number;
  }

  connections.set(name, ConnectionType);
  return ConnectionType as Type<ConnectionShape<T>>;
}

/** A service page mapped node by node into a connection. */
export function toConnection<A, B>(page: Page<A>, map: (node: A) => B): ConnectionShape<B> {
  const edges = page.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** `first`: page size; every list says its default and maximum. */
export const PageFirstArg = (max: number, defaultSize: number): ParameterDecorator =>
  Args('first', { type: () => Int, nullable: true, description: `Page size: default ${defaultSize}, at most ${max}.` });

/** `after`: the `endCursor` of the previous page. */
export const PageAfterArg = (): ParameterDecorator =>
  Args('after', { type: () => String, nullable: true, description: 'The `pageInfo.endCursor` of the previous page (start when omitted).' });

/** `{ first?, after? }` for an RPC page request, leaving out nulls. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): { first?: number; after?: string } {
  return { ...(first !== null && first !== undefined && { first }), ...(after !== null && after !== undefined && { after }) };
}
