import { createUnionType } from '@nestjs/graphql';
import type { InsightKind } from '@fulcrum/contracts';
import { FunnelResult } from './funnel.model';
import { LifecycleResult } from './lifecycle.model';
import { PathsResult } from './paths.model';
import { PropertyCatalogResult } from './property-catalog.model';
import { RetentionResult } from './retention.model';
import { StickinessResult } from './stickiness.model';
import { TrendResult } from './trend.model';

const RESULT_TYPES = {
  TREND: TrendResult,
  FUNNEL: FunnelResult,
  RETENTION: RetentionResult,
  STICKINESS: StickinessResult,
  LIFECYCLE: LifecycleResult,
  PATHS: PathsResult,
  PROPERTY_CATALOG: PropertyCatalogResult,
} as const satisfies Record<InsightKind, unknown>;

type ResultOf<K extends InsightKind> = InstanceType<(typeof RESULT_TYPES)[K]>;

/** The kind a mapped result belongs to, under a symbol key: GraphQL and JSON never see it. */
const KIND = Symbol('insightKind');

type Tagged<K extends InsightKind> = ResultOf<K> & { readonly [KIND]: K };

/** A mapped insight result of some kind, tagged with that kind for the union's type resolution. */
export type InsightResultValue = { [K in InsightKind]: Tagged<K> }[InsightKind];

export function tagKind<K extends InsightKind>(kind: K, result: ResultOf<K>): Tagged<K> {
  return { ...result, [KIND]: kind };
}

export const InsightResultUnion = createUnionType({
  name: 'InsightResult',
  description: 'The result of a saved or reproduced analysis: the result type of its kind (TREND → TrendResult, FUNNEL → FunnelResult, …).',
  types: () => [TrendResult, FunnelResult, RetentionResult, StickinessResult, LifecycleResult, PathsResult, PropertyCatalogResult] as const,
  resolveType: (value: InsightResultValue) => RESULT_TYPES[value[KIND]],
});
