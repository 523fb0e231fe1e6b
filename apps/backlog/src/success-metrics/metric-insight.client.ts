import { Injectable } from '@nestjs/common';
import { type FunnelRequest, RPC, type RetentionRequest, type SuccessMetricInsightKind, type TrendRequest } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import type { InsightReplies } from './metric-statistic.registry';
import type { MetricInsightRequest } from './metric.evaluator';

type Asker<K extends SuccessMetricInsightKind> = (rpc: RpcClient, request: Omit<MetricInsightRequest, 'kind'>) => Promise<InsightReplies[K]>;

/**
 * The analytics insight RPC of each kind a metric reads. The query is the metric's own (validated
 * against the kind's schema when defined, the date range added by the planner); analytics
 * validates the whole request again, as it does for every caller.
 */
const ASKERS: { readonly [K in SuccessMetricInsightKind]: Asker<K> } = {
  TREND: (rpc, request) => rpc.request(RPC.analyticsTrendGet, request as TrendRequest),
  FUNNEL: (rpc, request) => rpc.request(RPC.analyticsFunnelGet, request as FunnelRequest),
  RETENTION: (rpc, request) => rpc.request(RPC.analyticsRetentionGet, request as RetentionRequest),
};

/** Asks analytics for a metric's insight over NATS, with the envelope of the request in hand. */
@Injectable()
export class MetricInsightClient {
  constructor(private readonly rpc: RpcClient) {}

  readonly fetch = ({ kind, ...request }: MetricInsightRequest): Promise<InsightReplies[SuccessMetricInsightKind]> =>
    (ASKERS[kind] as Asker<SuccessMetricInsightKind>)(this.rpc, request);
}
