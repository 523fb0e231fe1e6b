import {
  type AnalysisDto,
  DomainError,
  type ErasureNoticeDto,
  type FunnelReply,
  type InsightKind,
  type InsightResultEnvelope,
  type InsightSpec,
  type LifecycleReply,
  type PathsReply,
  type PropertyCatalogReply,
  type RetentionReply,
  type StickinessReply,
  type TrendReply,
} from '@fulcrum/contracts';
import { toJson } from '../governance/json.scalar';
import type { InsightInput } from './analyses.input';
import type { Analysis, ErasureNotice } from './analyses.model';
import { toFunnelQuery, toFunnelResult } from './funnel.mapper';
import { type InsightResultValue, tagKind } from './insight-result.union';
import { toLifecycleQuery, toLifecycleResult } from './lifecycle.mapper';
import { toPathsQuery, toPathsResult } from './paths.mapper';
import { toPropertyCatalogQuery, toPropertyCatalogResult } from './property-catalog.mapper';
import { toRetentionQuery, toRetentionResult } from './retention.mapper';
import { toStickinessQuery, toStickinessResult } from './stickiness.mapper';
import type { WithoutNulls } from './strip-nulls';
import { toTrendQuery, toTrendResult } from './trend.mapper';

/** The InsightInput field of each kind. */
const INSIGHT_FIELDS = {
  trend: 'TREND',
  funnel: 'FUNNEL',
  retention: 'RETENTION',
  stickiness: 'STICKINESS',
  lifecycle: 'LIFECYCLE',
  paths: 'PATHS',
  propertyCatalog: 'PROPERTY_CATALOG',
} as const satisfies Record<keyof InsightInput, InsightKind>;

const FIELD_NAMES = Object.keys(INSIGHT_FIELDS) as Array<keyof InsightInput>;

/** The one set field of an InsightInput → the contract's `{ kind, query }`. */
export function toInsightSpec(insight: WithoutNulls<InsightInput>): InsightSpec {
  const given = FIELD_NAMES.filter((name) => insight[name] !== undefined);
  if (given.length !== 1) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `insight must set exactly one of ${FIELD_NAMES.join(', ')}; ${given.length === 0 ? 'none is set' : `${given.join(' and ')} are set`}.`,
      { field: 'insight', given },
    );
  }
  // Spreading the query gives the plain record the contract carries (the service validates it
  // with the kind's own schema).
  if (insight.trend) return { kind: 'TREND', query: { ...toTrendQuery(insight.trend, 'insight.trend.') } };
  if (insight.funnel) return { kind: 'FUNNEL', query: { ...toFunnelQuery(insight.funnel, 'insight.funnel.') } };
  if (insight.retention) return { kind: 'RETENTION', query: { ...toRetentionQuery(insight.retention, 'insight.retention.') } };
  if (insight.stickiness) return { kind: 'STICKINESS', query: { ...toStickinessQuery(insight.stickiness, 'insight.stickiness.') } };
  if (insight.lifecycle) return { kind: 'LIFECYCLE', query: { ...toLifecycleQuery(insight.lifecycle, 'insight.lifecycle.') } };
  if (insight.paths) return { kind: 'PATHS', query: { ...toPathsQuery(insight.paths, 'insight.paths.') } };
  return { kind: 'PROPERTY_CATALOG', query: { ...toPropertyCatalogQuery(insight.propertyCatalog ?? {}, 'insight.propertyCatalog.') } };
}

/**
 * A stored or recomputed result → the GraphQL result type of its kind. The contract types it as
 * an envelope plus any fields; the analytics service stores and returns exactly the reply of the
 * analysis' kind, which is what the casts below state.
 */
export function toInsightResult(kind: InsightKind, result: InsightResultEnvelope & Record<string, unknown>): InsightResultValue {
  const reply: unknown = result;
  switch (kind) {
    case 'TREND':
      return tagKind(kind, toTrendResult(reply as TrendReply));
    case 'FUNNEL':
      return tagKind(kind, toFunnelResult(reply as FunnelReply));
    case 'RETENTION':
      return tagKind(kind, toRetentionResult(reply as RetentionReply));
    case 'STICKINESS':
      return tagKind(kind, toStickinessResult(reply as StickinessReply));
    case 'LIFECYCLE':
      return tagKind(kind, toLifecycleResult(reply as LifecycleReply));
    case 'PATHS':
      return tagKind(kind, toPathsResult(reply as PathsReply));
    case 'PROPERTY_CATALOG':
      return tagKind(kind, toPropertyCatalogResult(reply as PropertyCatalogReply));
  }
}

export function toAnalysis(a: AnalysisDto): Analysis {
  return {
    id: a.id,
    projectId: a.projectId,
    title: a.title,
    narrative: a.narrative,
    kind: a.insight.kind,
    insight: toJson(a.insight.query, 'insight', 0),
    timeZone: a.timeZone,
    dataVersion: a.dataVersion,
    queryFingerprint: a.queryFingerprint,
    resultDigest: a.resultDigest,
    result: toInsightResult(a.insight.kind, a.result),
    createdBy: a.createdBy,
    createdAt: new Date(a.createdAt),
  };
}

export function toErasureNotice(e: ErasureNoticeDto): ErasureNotice {
  return { id: e.id, erasedAt: new Date(e.erasedAt), eventsErased: e.eventsErased, reason: e.reason };
}
