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

export interface BacklogGraphReply {
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
