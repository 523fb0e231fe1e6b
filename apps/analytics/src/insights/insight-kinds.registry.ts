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

export interface InsightKindEntry {
  /** The kind's RPC request schema (`{ projectId, timeZone?, asOfDataVersion?, query }`). */
  requestSchema: object;
  // Each engine takes its own query type; the registry is only used after schema validation.
  run: InsightRun<never, object>;
}

/** Every saveable insight kind → its request schema and engine (one place, checked by the compiler). */
export const INSIGHT_KIND_REGISTRY: Readonly<Record<InsightKind, InsightKindEntry>> = {
  TREND: { requestSchema: trendRequestSchema, run: runTrend },
  FUNNEL: { requestSchema: funnelRequestSchema, run: runFunnel },
  RETENTION: { requestSchema: retentionRequestSchema, run: runRetention },
  STICKINESS: { requestSchema: stickinessRequestSchema, run: runStickiness },
  LIFECYCLE: { requestSchema: lifecycleRequestSchema, run: runLifecycle },
  PATHS: { requestSchema: pathsRequestSchema, run: runPaths },
  PROPERTY_CATALOG: { requestSchema: propertyCatalogRequestSchema, run: runPropertyCatalog },
};
