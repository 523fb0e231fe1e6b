import {
  type InsightKind,
  funnelRequestSchema,
  lifecycleRequestSchema,
  pathsRequestSchema,
  propertyCatalogRequestSchema,
  retentionRequestSchema,
  stickinessRequestSchema,
  trendRequestSchema,
} from '@fulcrum/contracts';
import type { InsightRun } from './insight.executor';
import { runFunnel } from './funnel/funnel.engine';
import { runLifecycle } from './lifecycle/lifecycle.engine';
import { runPaths } from './paths/paths.engine';
import { runPropertyCatalog } from './property-catalog/property-catalog.engine';
import { runRetention } from './retention/retention.engine';
import { runStickiness } from './stickiness/stickiness.engine';
import { runTrend } from './trend/trend.engine';

export interface InsightKindEntry<Q, R extends object> {
  /** The kind's RPC request schema (`{ projectId, timeZone?, asOfDataVersion?, query }`). */
  requestSchema: object;
  run: InsightRun<Q, R>;
}

const entry = <Q, R extends object>(requestSchema: object, run: InsightRun<Q, R>): InsightKindEntry<Q, R> => ({ requestSchema, run });

/** Every saveable insight kind → its request schema and engine (one place; a new kind must be added here). */
export const INSIGHT_KIND_REGISTRY = {
  TREND: entry(trendRequestSchema, runTrend),
  FUNNEL: entry(funnelRequestSchema, runFunnel),
  RETENTION: entry(retentionRequestSchema, runRetention),
  STICKINESS: entry(stickinessRequestSchema, runStickiness),
  LIFECYCLE: entry(lifecycleRequestSchema, runLifecycle),
  PATHS: entry(pathsRequestSchema, runPaths),
  PROPERTY_CATALOG: entry(propertyCatalogRequestSchema, runPropertyCatalog),
} as const satisfies Record<InsightKind, { requestSchema: object }>;

/**
 * The engine of a kind for a query that has already been validated against the kind's request
 * schema (saved analyses hold queries as JSON; the schema check is what makes the cast sound).
 */
export function validatedEngine(kind: InsightKind): InsightRun<Record<string, unknown>, object> {
  return INSIGHT_KIND_REGISTRY[kind].run as unknown as InsightRun<Record<string, unknown>, object>;
}
