import type {
  FunnelReply,
  RetentionReply,
  SuccessMetricInsight,
  SuccessMetricInsightKind,
  SuccessMetricStatistic,
  SuccessMetricStatisticKind,
  TrendReply,
  TrendSeriesResultDto,
} from '@fulcrum/contracts';
import { SUCCESS_METRIC_STATISTICS, TREND_ACTIVE_WINDOW_DAYS } from '@fulcrum/contracts';

/** The statistic's number, or why there is none (nobody in the funnel, no cohort reaching period N, …). */
export type StatisticValue = { value: number } | { value: null; reason: string };

/** The insight reply of each kind a metric reads. */
export interface InsightReplies {
  TREND: TrendReply;
  FUNNEL: FunnelReply;
  RETENTION: RetentionReply;
}

type StatisticOf<K extends SuccessMetricStatisticKind> = Extract<SuccessMetricStatistic, { kind: K }>;
type InsightOf<K extends SuccessMetricStatisticKind> = (typeof SUCCESS_METRIC_STATISTICS)[K]['insight'];
type QueryOf<I extends SuccessMetricInsightKind> = Extract<SuccessMetricInsight, { kind: I }>['query'];

interface StatisticSpec<K extends SuccessMetricStatisticKind> {
  /** Why this statistic cannot be read from this query (checked when a metric is defined), or null. */
  refusal(statistic: StatisticOf<K>, query: QueryOf<InsightOf<K>>): string | null;
  extract(statistic: StatisticOf<K>, reply: InsightReplies[InsightOf<K>]): StatisticValue;
}

/**
 * Every statistic a success metric can be, keyed by kind: what it refuses at definition time and
 * how it reads its number out of the insight's reply. A new statistic is one entry (and one line
 * in SUCCESS_METRIC_STATISTICS); the compiler asks for both. Rates are percentages computed from
 * counts (`100 × a / b`), so whole-number ratios come out exact.
 */
export const STATISTIC_REGISTRY: { readonly [K in SuccessMetricStatisticKind]: StatisticSpec<K> } = {
  FUNNEL_LAST_STEP_CONVERSION: {
    refusal: () => null,
    extract: (_statistic, reply) => funnelConversion(reply, reply.steps.length - 1),
  },
  FUNNEL_STEP_CONVERSION: {
    refusal: (statistic, query) =>
      statistic.step < query.steps.length ? null : `step ${statistic.step} does not exist: the funnel has steps 0 to ${query.steps.length - 1}`,
    extract: (statistic, reply) => funnelConversion(reply, statistic.step),
  },
  TREND_TOTAL: {
    refusal: (statistic, query) => {
      const series = query.series[statistic.series ?? 0];
      if (!series) return `series ${statistic.series ?? 0} does not exist: the trend has series 0 to ${query.series.length - 1}`;
      const math = series.math ?? 'TOTAL';
      // A rolling active-user count has no total over the range (the trend answers null).
      return math in TREND_ACTIVE_WINDOW_DAYS ? `a ${math} series has no total over the window: use TREND_MEAN_PER_BUCKET` : null;
    },
    extract: (statistic, reply) => {
      const total = trendSeries(reply, statistic.series ?? 0).total;
      return total === null ? { value: null, reason: 'The series has no numeric value in the window.' } : { value: total };
    },
  },
  TREND_MEAN_PER_BUCKET: {
    refusal: (statistic, query) =>
      query.series[statistic.series ?? 0] ? null : `series ${statistic.series ?? 0} does not exist: the trend has series 0 to ${query.series.length - 1}`,
    extract: (statistic, reply) => {
      // Buckets without a value (AVG/MIN/MAX/MEDIAN of no numeric event) are skipped, not zeros.
      const values = trendSeries(reply, statistic.series ?? 0).data.filter((v): v is number => v !== null);
      if (values.length === 0) return { value: null, reason: 'No bucket of the window has a value.' };
      return { value: values.reduce((sum, v) => sum + v, 0) / values.length };
    },
  },
  RETENTION_PERIOD_N: {
    refusal: (statistic, query) =>
      statistic.period < query.periods ? null : `period ${statistic.period} is not shown: the retention query shows periods 0 to ${query.periods - 1}`,
    extract: (statistic, reply) => {
      // Cohorts too late in the window to reach period N have no value for it and are left out.
      let persons = 0;
      let size = 0;
      for (const cohort of reply.cohorts) {
        const at = cohort.values.find((v) => v.period === statistic.period);
        if (!at) continue;
        persons += at.persons;
        size += cohort.size;
      }
      if (size === 0) return { value: null, reason: `No cohort of the window reaches period ${statistic.period} with anyone in it.` };
      return { value: (100 * persons) / size };
    },
  },
};

/** The insight kind a statistic reads. */
export function insightOfStatistic(kind: SuccessMetricStatisticKind): SuccessMetricInsightKind {
  return SUCCESS_METRIC_STATISTICS[kind].insight;
}

/** Why the statistic cannot be read from the insight, or null (kind mismatch first, then the statistic's own rule). */
export function statisticRefusal(statistic: SuccessMetricStatistic, insight: SuccessMetricInsight): string | null {
  const wanted = insightOfStatistic(statistic.kind);
  if (wanted !== insight.kind) return `${statistic.kind} reads a ${wanted} insight, not a ${insight.kind}`;
  const spec = STATISTIC_REGISTRY[statistic.kind] as StatisticSpec<SuccessMetricStatisticKind>;
  return spec.refusal(statistic as never, insight.query as never);
}

/** The statistic's value from the reply of its insight. */
export function extractStatistic(statistic: SuccessMetricStatistic, reply: InsightReplies[SuccessMetricInsightKind]): StatisticValue {
  const spec = STATISTIC_REGISTRY[statistic.kind] as StatisticSpec<SuccessMetricStatisticKind>;
  return spec.extract(statistic as never, reply as never);
}

function funnelConversion(reply: FunnelReply, step: number): StatisticValue {
  const entered = reply.steps[0]?.count ?? 0;
  const reached = reply.steps[step]?.count;
  if (reached === undefined) throw new Error(`funnel reply without step ${step}`);
  if (entered === 0) return { value: null, reason: 'Nobody entered the funnel (step 0) in the window.' };
  return { value: (100 * reached) / entered };
}

function trendSeries(reply: TrendReply, index: number): TrendSeriesResultDto {
  // Metric queries have no breakdown, so each series index has exactly one entry.
  const series = reply.series.find((s) => s.index === index);
  if (!series) throw new Error(`trend reply without series ${index}`);
  return series;
}
