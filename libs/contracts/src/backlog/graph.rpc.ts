import { type Static, Type } from '@sinclair/typebox';
import { closedObject, oneOf, uuid } from '../json-schema/json-schema.builders';
import {
  BACKLOG_GRAPH_DIRECTIONS,
  BACKLOG_LIMITS,
  type BacklogItemKind,
  type BacklogItemState,
  type BacklogLinkType,
  type BacklogTrack,
} from './backlog.enums';
import { itemState, track } from './backlog.fields';

/**
 * The dependency view. Start from `roots` (item ids) or from every item of a `track` (optionally
 * only those in `states`) — exactly one of the two — and follow links of every type up to `depth`
 * hops (default 3, 1–10): UPSTREAM along incoming links (what the start waits on), DOWNSTREAM
 * along outgoing ones (what waits on it), BOTH (default). At most `limit` nodes (default 2,000,
 * at most 5,000), nearest first; `truncated` says the limit cut the neighbourhood short.
 * Readiness and blocker counts consider every ordering ancestor of a node, also those not returned.
 */
export const backlogGraphRequestSchema = closedObject({
  projectId: uuid(),
  roots: Type.Optional(Type.Array(uuid(), { minItems: 1, maxItems: BACKLOG_LIMITS.maxGraphRoots, uniqueItems: true })),
  track: Type.Optional(track()),
  states: Type.Optional(Type.Array(itemState(), { minItems: 1, maxItems: 8, uniqueItems: true })),
  depth: Type.Optional(Type.Integer({ minimum: BACKLOG_LIMITS.graphDepth.min, maximum: BACKLOG_LIMITS.graphDepth.max })),
  direction: Type.Optional(oneOf(BACKLOG_GRAPH_DIRECTIONS, { type: 'string' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: BACKLOG_LIMITS.graphNodes.max })),
});
export type BacklogGraphRequest = Static<typeof backlogGraphRequestSchema>;

export interface BacklogGraphItemRefDto {
  id: string;
  key: string;
}

export interface BacklogGraphNodeDto {
  id: string;
  key: string;
  title: string;
  track: BacklogTrack;
  kind: BacklogItemKind;
  state: BacklogItemState;
  estimate: string | null;
  owners: string[];
  /** Every direct ordering predecessor is done (FINISHED, DELIVERED or ACCEPTED) or archived. */
  ready: boolean;
  /** Open direct ordering predecessors. */
  directBlockers: BacklogGraphItemRefDto[];
  /** Distinct open items among all ordering ancestors. */
  transitiveBlockerCount: number;
  /** Hops from the nearest start item (0 for a start item). */
  distance: number;
}

export interface BacklogGraphEdgeDto {
  linkId: string;
  fromItemId: string;
  toItemId: string;
  type: BacklogLinkType;
  ordersWork: boolean;
}

export interface BacklogTrackWaitDto {
  /** Open items of this track… */
  waitingTrack: BacklogTrack;
  /** …with an open direct ordering predecessor on this one ("engineering waits on data: 3"). */
  onTrack: BacklogTrack;
  items: number;
}

/** The dependency view as objects: the shape of the GraphQL type, made from the reply by `expandBacklogGraphReply`. */
export interface BacklogGraphView {
  nodes: BacklogGraphNodeDto[];
  /** Live links of every type between returned nodes. */
  edges: BacklogGraphEdgeDto[];
  /**
   * The heaviest chain of open returned items along ordering links, weighed by estimate on each
   * item's track scale (unestimated items weigh 1); ties go to the smallest id sequence.
   */
  criticalPath: { items: BacklogGraphItemRefDto[]; totalWeight: number };
  /** Returned open items per pair of tracks that have an open direct blocker on the other track (returned or not). */
  trackWaits: BacklogTrackWaitDto[];
  truncated: boolean;
}

/**
 * The dependency view as it travels (`backlog.graph.get.v1`'s reply): columns of plain arrays, not
 * one object per node and link. Items are named once, in `items`, and referred to by their index
 * there; item keys are `<projectKey>-<number>`; owners are indexes into `people`; tracks, kinds,
 * states and link types are indexes into the reply's own `vocabulary`. A view of 2,000 nodes and
 * 4,400 links is about a quarter of the size of the same view as objects, and both ends allocate a
 * few dozen arrays instead of tens of thousands of objects. `expandBacklogGraphReply` turns it into
 * the objects of BacklogGraphView.
 */
export interface BacklogGraphReply {
  projectKey: string;
  /** The values the enum columns index (the backlog's full lists); `linkTypeOrdersWork[i]` says whether `linkTypes[i]` orders work. */
  vocabulary: {
    tracks: BacklogTrack[];
    kinds: BacklogItemKind[];
    states: BacklogItemState[];
    linkTypes: BacklogLinkType[];
    linkTypeOrdersWork: boolean[];
  };
  /**
   * Every item the view names: the returned nodes first (indexes 0 … nodes.count − 1, nearest to a
   * start first), then the open direct blockers of returned nodes that are not returned themselves.
   */
  items: { ids: string[]; numbers: number[] };
  /** Per returned node (index i of each column is node i). */
  nodes: {
    count: number;
    titles: string[];
    /** Indexes into `vocabulary.tracks`, `.kinds`, `.states`. */
    tracks: number[];
    kinds: number[];
    states: number[];
    estimates: Array<string | null>;
    /** Node i has `ownerCounts[i]` owners: the next that many entries of `owners` (indexes into `people`), in order. */
    ownerCounts: number[];
    owners: number[];
    /** Hops from the nearest start item (0 for a start item). */
    distances: number[];
    /**
     * Node i has `blockerCounts[i]` open direct ordering predecessors: the next that many entries of
     * `blockers` (indexes into `items`), sorted by item id. A node without any is ready.
     */
    blockerCounts: number[];
    blockers: number[];
    /** Distinct open items among all ordering ancestors, returned or not. */
    transitiveBlockerCounts: number[];
  };
  /** The owners' user ids, each once. */
  people: string[];
  /** Live links of every type between returned nodes, oldest first; `from` and `to` are node indexes, `types` indexes into `vocabulary.linkTypes`. */
  edges: { linkIds: string[]; from: number[]; to: number[]; types: number[] };
  /** Node indexes along the critical path (see BacklogGraphView), and its weight. */
  criticalPath: { items: number[]; totalWeight: number };
  trackWaits: BacklogTrackWaitDto[];
  truncated: boolean;
}

/** The reply's columns as objects (BacklogGraphView); throws on a reply whose columns do not fit together. */
export function expandBacklogGraphReply(reply: BacklogGraphReply): BacklogGraphView {
  const { projectKey, vocabulary, items, nodes, people, edges } = reply;
  const n = nodes.count;
  const columns = [nodes.titles, nodes.tracks, nodes.kinds, nodes.states, nodes.estimates, nodes.ownerCounts, nodes.distances, nodes.blockerCounts, nodes.transitiveBlockerCounts];
  if (items.ids.length < n || items.numbers.length !== items.ids.length || columns.some((column) => column.length !== n)) {
    throw new Error(`A dependency view reply whose node columns do not all have ${n} entries`);
  }
  const word = <T>(list: readonly T[], index: number): T => {
    if (!(index >= 0 && index < list.length)) throw new Error(`A dependency view reply with a code ${index} outside its vocabulary`);
    return list[index];
  };
  if (vocabulary.linkTypeOrdersWork.length !== vocabulary.linkTypes.length) throw new Error('A dependency view reply whose link types and their ordering flags differ in number');
  const keys = items.numbers.map((number) => `${projectKey}-${number}`);
  const ref = (index: number): BacklogGraphItemRefDto => {
    if (!(index >= 0 && index < keys.length)) throw new Error(`A dependency view reply that names item ${index} of ${keys.length}`);
    return { id: items.ids[index], key: keys[index] };
  };
  const list: BacklogGraphNodeDto[] = new Array<BacklogGraphNodeDto>(n);
  let owner = 0;
  let blocker = 0;
  for (let i = 0; i < n; i++) {
    const owners: string[] = [];
    for (const end = owner + nodes.ownerCounts[i]; owner < end; owner++) owners.push(people[nodes.owners[owner]]);
    const directBlockers: BacklogGraphItemRefDto[] = [];
    for (const end = blocker + nodes.blockerCounts[i]; blocker < end; blocker++) directBlockers.push(ref(nodes.blockers[blocker]));
    list[i] = {
      id: items.ids[i],
      key: keys[i],
      title: nodes.titles[i],
      track: word(vocabulary.tracks, nodes.tracks[i]),
      kind: word(vocabulary.kinds, nodes.kinds[i]),
      state: word(vocabulary.states, nodes.states[i]),
      estimate: nodes.estimates[i],
      owners,
      ready: directBlockers.length === 0,
      directBlockers,
      transitiveBlockerCount: nodes.transitiveBlockerCounts[i],
      distance: nodes.distances[i],
    };
  }
  if (owner !== nodes.owners.length || blocker !== nodes.blockers.length || outOfRange(nodes.owners, people.length)) {
    throw new Error('A dependency view reply whose owner or blocker lists do not add up');
  }
  const e = edges.linkIds.length;
  if (
    [edges.from, edges.to, edges.types].some((column) => column.length !== e) ||
    outOfRange(edges.from, n) ||
    outOfRange(edges.to, n) ||
    outOfRange(edges.types, vocabulary.linkTypes.length) ||
    outOfRange(reply.criticalPath.items, n)
  ) {
    throw new Error('A dependency view reply whose links or critical path do not fit its nodes');
  }
  return {
    nodes: list,
    edges: edges.linkIds.map((linkId, i) => ({
      linkId,
      fromItemId: items.ids[edges.from[i]],
      toItemId: items.ids[edges.to[i]],
      type: vocabulary.linkTypes[edges.types[i]],
      ordersWork: vocabulary.linkTypeOrdersWork[edges.types[i]],
    })),
    criticalPath: { items: reply.criticalPath.items.map(ref), totalWeight: reply.criticalPath.totalWeight },
    trackWaits: reply.trackWaits.map((w) => ({ waitingTrack: w.waitingTrack, onTrack: w.onTrack, items: w.items })),
    truncated: reply.truncated,
  };
}

/** Whether an index points outside 0 … length − 1. */
function outOfRange(indexes: readonly number[], length: number): boolean {
  return indexes.some((index) => !(Number.isInteger(index) && index >= 0 && index < length));
}
