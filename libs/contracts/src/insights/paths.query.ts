/**
 * Paths insight: what persons do right after (or right before) an anchor event, within a session.
 * Semantics in docs/metrics.md "Paths".
 */
import { type Static, Type } from '@sinclair/typebox';
import { closedObject, oneOf } from '../json-schema/json-schema.builders';
import {
  INSIGHT_LIMITS,
  type InsightResultEnvelope,
  dateRangeSchema,
  eventNameSchema,
  insightRequestSchema,
  propertyFiltersSchema,
} from './insight-common';

/** `NEXT`: the events after each anchor occurrence; `PREVIOUS`: the events before it (walking back). */
export const PATH_DIRECTIONS = ['NEXT', 'PREVIOUS'] as const;
export type PathDirection = (typeof PATH_DIRECTIONS)[number];

/** Defaults and bounds of the paths options (validated by the engine). */
export const PATHS_DEFAULTS = {
  direction: 'NEXT',
  sessionGapMinutes: 30,
  minSessionGapMinutes: 1,
  maxSessionGapMinutes: 1440,
  fanout: 10,
  maxExcludeEvents: 100,
} as const;

/** One edge of the path tree: from the node `source` to the node `[...source, target]`. */
export interface PathEdgeDto {
  /** Steps from the anchor to `target`, 1..depth. */
  depth: number;
  /**
   * The node the edge leaves: the event names from the anchor to the source step, anchor first
   * (for `PREVIOUS` the anchor first, then the event before it, and so on going back). Length = depth.
   */
  source: string[];
  /** The event name at step `depth`. */
  target: string;
  /** Anchor occurrences whose path starts with `source` then `target`. */
  paths: number;
  /** Distinct persons among those anchor occurrences. */
  persons: number;
}

export interface PathsResultDto {
  /** The root: every anchor occurrence in scope, and the distinct persons who did them. */
  anchor: { event: string; paths: number; persons: number };
  /**
   * Kept edges, ordered by depth, then by the order of their source node (the position of the
   * edge that leads to it), then paths descending, then target ascending.
   */
  edges: PathEdgeDto[];
  /** True when the fanout cut at least one edge (and so its whole subtree). */
  truncated: boolean;
}

export type PathsReply = InsightResultEnvelope & PathsResultDto;

// ---------------------------------------------------------------------------------------------
// Schemas (the analytics service validates requests with ajv; the engine checks again) and the
// types derived from them.

export const pathsQuerySchema = closedObject({
  /** The anchor event: every occurrence of it (matching `anchorFilters`) starts one path. */
  event: eventNameSchema,
  /** Conditions on the anchor occurrences only (the other steps are any event). */
  anchorFilters: Type.Optional(propertyFiltersSchema),
  /** Default `NEXT`. */
  direction: Type.Optional(oneOf(PATH_DIRECTIONS)),
  /** How many steps from the anchor, 1..INSIGHT_LIMITS.maxPathDepth. */
  depth: Type.Integer({ minimum: 1, maximum: INSIGHT_LIMITS.maxPathDepth }),
  /**
   * A person's events split into sessions where the time between two consecutive events is MORE
   * than this many minutes (a gap of exactly this long stays in the session). Integer, default 30,
   * 1..1440.
   */
  sessionGapMinutes: Type.Optional(Type.Integer({ minimum: PATHS_DEFAULTS.minSessionGapMinutes, maximum: PATHS_DEFAULTS.maxSessionGapMinutes })),
  /** Events with from <= timestamp < to take part (see DateRange). */
  dateRange: dateRangeSchema,
  /** Which events take part at all (anchors and steps alike), all must hold. */
  filters: Type.Optional(propertyFiltersSchema),
  /** Event names that never take part (as if they had not happened). May not contain the anchor. */
  excludeEvents: Type.Optional(Type.Array(eventNameSchema, { maxItems: PATHS_DEFAULTS.maxExcludeEvents })),
  /** Keep the top N targets per source node by paths (ties by name), default 10, ≤ INSIGHT_LIMITS.maxPathFanout. */
  fanout: Type.Optional(Type.Integer({ minimum: 1, maximum: INSIGHT_LIMITS.maxPathFanout })),
});
export type PathsQuery = Static<typeof pathsQuerySchema>;

export const pathsRequestSchema = insightRequestSchema(pathsQuerySchema);
export type PathsRequest = Static<typeof pathsRequestSchema>;
