import { registerEnumType } from '@nestjs/graphql';
import {
  BACKLOG_ESTIMATE_SCALES,
  BACKLOG_GRAPH_DIRECTIONS,
  BACKLOG_HISTORY_ORDERS,
  BACKLOG_INITIAL_STATES,
  BACKLOG_ITEM_KINDS,
  BACKLOG_ITEM_STATES,
  BACKLOG_LINK_TYPES,
  BACKLOG_TRACKS,
  type BacklogEstimateScale,
  type BacklogGraphDirection,
  type BacklogHistoryOrder,
  type BacklogInitialState,
  type BacklogItemKind,
  type BacklogItemState,
  type BacklogLinkType,
  type BacklogTrack,
  EVIDENCE_FRESHNESS_STATUSES,
  EVIDENCE_KINDS,
  EVIDENCE_STANCES,
  type EvidenceFreshnessStatus,
  type EvidenceKind,
  type EvidenceStance,
  SUCCESS_METRIC_COMPARATORS,
  SUCCESS_METRIC_INSIGHT_KINDS,
  SUCCESS_METRIC_STATISTICS,
  SUCCESS_METRIC_TRIGGERS,
  SUCCESS_METRIC_VERDICTS,
  type SuccessMetricComparator,
  type SuccessMetricInsightKind,
  type SuccessMetricStatisticKind,
  type SuccessMetricTrigger,
  type SuccessMetricVerdict,
  type SuccessMetricWindow,
} from '@fulcrum/contracts';
import { sameNameEnum } from '../insights/insight-common.enums';

// The backlog's closed vocabularies as GraphQL enums. The values come from the contracts
// (libs/contracts/src/backlog), so the schema and the service list the same ones; `valuesMap`
// says what each means (a value missing from a map would print without a description).

export const BacklogTrackEnum = sameNameEnum<BacklogTrack>(BACKLOG_TRACKS);
registerEnumType(BacklogTrackEnum, {
  name: 'BacklogTrack',
  description: 'The discipline an item belongs to. One backlog holds all four; each track is ranked on its own and has its own estimate scale.',
  valuesMap: {
    PRODUCT: { description: 'Product work: features, hypotheses, research.' },
    DESIGN: { description: 'Design work.' },
    ENGINEERING: { description: 'Engineering work.' },
    DATA: { description: 'Data work: instrumentation, analyses, metrics.' },
  },
});

export const BacklogItemKindEnum = sameNameEnum<BacklogItemKind>(BACKLOG_ITEM_KINDS);
registerEnumType(BacklogItemKindEnum, {
  name: 'BacklogItemKind',
  description: 'What kind of work an item is (any kind may sit on any track).',
  valuesMap: {
    FEATURE: { description: 'Something users get.' },
    BUG: { description: 'Something broken.' },
    CHORE: { description: 'Necessary work users do not see.' },
    SPIKE: { description: 'Time-boxed investigation.' },
    HYPOTHESIS: { description: 'A belief to validate (evidence and success metrics say whether it holds).' },
    RESEARCH: { description: 'User or market research.' },
    INSTRUMENTATION: { description: 'Tracking that measures the effect of other work.' },
    ANALYSIS: { description: 'An analysis of data.' },
  },
});

export const BacklogItemStateEnum = sameNameEnum<BacklogItemState>(BACKLOG_ITEM_STATES);
registerEnumType(BacklogItemStateEnum, {
  name: 'BacklogItemState',
  description:
    'Where an item is in its life (after Pivotal Tracker): ICEBOX → BACKLOG → STARTED → FINISHED → DELIVERED → ACCEPTED | REJECTED, REJECTED → STARTED, and ARCHIVED. Only these moves are allowed; a refused move is INVALID_TRANSITION with `extensions.details.allowed`.',
  valuesMap: {
    ICEBOX: { description: 'Captured, not yet planned.' },
    BACKLOG: { description: 'Planned, not started.' },
    STARTED: { description: 'Being worked on.' },
    FINISHED: { description: 'Done by whoever worked on it; counts as done for the items it blocks.' },
    DELIVERED: { description: 'Shipped and waiting for acceptance; success-metric windows anchored on delivery start here.' },
    ACCEPTED: { description: 'Accepted by a PM or admin (acceptBacklogItem), through the success-metrics gate or with an override.' },
    REJECTED: { description: 'Rejected by a PM or admin (rejectBacklogItem); may be STARTED again.' },
    ARCHIVED: { description: 'Put away; items never vanish.' },
  },
});

export const BacklogInitialStateEnum = sameNameEnum<BacklogInitialState>(BACKLOG_INITIAL_STATES);
registerEnumType(BacklogInitialStateEnum, {
  name: 'BacklogInitialState',
  description: 'The states a new item may start in.',
  valuesMap: {
    ICEBOX: { description: 'Captured, not yet planned (the default).' },
    BACKLOG: { description: 'Planned right away.' },
  },
});

export const BacklogLinkTypeEnum = sameNameEnum<BacklogLinkType>(BACKLOG_LINK_TYPES);
registerEnumType(BacklogLinkTypeEnum, {
  name: 'BacklogLinkType',
  description:
    'A typed, directed link `from → to` between two items of one project. BLOCKS and INSTRUMENTS order work ("from must be done before to"); a link of those that would close a cycle of ordering links is LINK_CYCLE with the cycle in `extensions.details.cycle`.',
  valuesMap: {
    BLOCKS: { description: 'from must be done before to (orders work).' },
    IMPLEMENTS: { description: 'An engineering item implements a product or design item.' },
    INFORMS: { description: 'A design or research item informs another item.' },
    INSTRUMENTS: { description: 'A data item measures the effect of the other item; the release waits for it (orders work).' },
    VALIDATES: { description: 'An analysis or experiment validates a hypothesis.' },
    DUPLICATES: { description: 'from duplicates to.' },
    RELATES_TO: { description: 'Related, with no further meaning.' },
  },
});

export const BacklogEstimateScaleEnum = sameNameEnum<BacklogEstimateScale>(BACKLOG_ESTIMATE_SCALES);
registerEnumType(BacklogEstimateScaleEnum, {
  name: 'BacklogEstimateScale',
  description: "The values a track's estimates may take in a project.",
  valuesMap: {
    FIBONACCI: { description: 'Points 0, 1, 2, 3, 5, 8, 13, 21.' },
    TSHIRT: { description: 'Sizes XS, S, M, L, XL.' },
    NONE: { description: 'No estimates on this track.' },
  },
});

export const BacklogGraphDirectionEnum = sameNameEnum<BacklogGraphDirection>(BACKLOG_GRAPH_DIRECTIONS);
registerEnumType(BacklogGraphDirectionEnum, {
  name: 'BacklogGraphDirection',
  description: 'Which links the dependency view follows from its start items.',
  valuesMap: {
    UPSTREAM: { description: 'Incoming links: what the start items wait on.' },
    DOWNSTREAM: { description: 'Outgoing links: what waits on the start items.' },
    BOTH: { description: 'Both (the default).' },
  },
});

export const BacklogHistoryOrderEnum = sameNameEnum<BacklogHistoryOrder>(BACKLOG_HISTORY_ORDERS);
registerEnumType(BacklogHistoryOrderEnum, {
  name: 'BacklogHistoryOrder',
  description: "The order of an item's history.",
  valuesMap: {
    NEWEST_FIRST: { description: 'Latest change first (the default).' },
    OLDEST_FIRST: { description: 'Creation first.' },
  },
});

export const EvidenceKindEnum = sameNameEnum<EvidenceKind>(EVIDENCE_KINDS);
registerEnumType(EvidenceKindEnum, {
  name: 'EvidenceKind',
  description: 'What a piece of evidence points at (each verified with its owning service when attached).',
  valuesMap: {
    ANALYSIS: { description: 'A saved analysis of the project (attachAnalysisEvidence).' },
    MODEL_VERSION: { description: 'A registered model version (attachGovernanceEvidence).' },
    AUDIT: { description: 'A recorded audit of a model version (attachGovernanceEvidence).' },
    FAIRNESS_REPORT: { description: "A model version's fairness report, its summary kept as computed when attached (attachGovernanceEvidence)." },
    URL: { description: 'A web page (attachLinkEvidence).' },
  },
});

export const EvidenceStanceEnum = sameNameEnum<EvidenceStance>(EVIDENCE_STANCES);
registerEnumType(EvidenceStanceEnum, {
  name: 'EvidenceStance',
  description: 'How a piece of evidence bears on its item.',
  valuesMap: {
    SUPPORTS: { description: 'It supports the item (its hypothesis, its value).' },
    CONTRADICTS: { description: 'It speaks against the item.' },
    INFORMS: { description: 'It informs the item without taking a side.' },
  },
});

export const EvidenceFreshnessStatusEnum = sameNameEnum<EvidenceFreshnessStatus>(EVIDENCE_FRESHNESS_STATUSES);
registerEnumType(EvidenceFreshnessStatusEnum, {
  name: 'EvidenceFreshnessStatus',
  description: 'Whether attached analysis evidence still answers the same on the current data.',
  valuesMap: {
    SAME: { description: 'The analysis answers the same at the current data version (the data version aside).' },
    CHANGED: { description: 'The answer has changed since the evidence was attached: `differences` names the fields.' },
  },
});

export const SuccessMetricInsightKindEnum = sameNameEnum<SuccessMetricInsightKind>(SUCCESS_METRIC_INSIGHT_KINDS);
registerEnumType(SuccessMetricInsightKindEnum, {
  name: 'SuccessMetricInsightKind',
  description: 'The insight a success metric is computed from.',
  valuesMap: {
    TREND: { description: 'A trend (as for the `trend` query, without its range and breakdown).' },
    FUNNEL: { description: 'A funnel (as for the `funnel` query, without its range and breakdown).' },
    RETENTION: { description: 'A retention table (as for the `retention` query, without its range and breakdown).' },
  },
});

export const SuccessMetricStatisticKindEnum = sameNameEnum<SuccessMetricStatisticKind>(
  Object.keys(SUCCESS_METRIC_STATISTICS) as SuccessMetricStatisticKind[],
);
registerEnumType(SuccessMetricStatisticKindEnum, {
  name: 'SuccessMetricStatisticKind',
  description: "Which number of the insight is the metric (it must read the metric's insight kind). Rates are percentages (0-100).",
  valuesMap: {
    FUNNEL_LAST_STEP_CONVERSION: { description: 'Funnel: persons at the last step / persons at step 0 × 100.' },
    FUNNEL_STEP_CONVERSION: { description: 'Funnel: persons at step `step` (≥ 1) / persons at step 0 × 100.' },
    TREND_TOTAL: { description: "Trend: the total of series `series` (default 0) over the window." },
    TREND_MEAN_PER_BUCKET: { description: "Trend: the mean of series `series`' bucket values (buckets without a value skipped)." },
    RETENTION_PERIOD_N: { description: 'Retention: persons back in period `period` (≥ 1) / cohort size, over the cohorts that reach it inside the window, × 100.' },
  },
});

export type SuccessMetricUnit = (typeof SUCCESS_METRIC_STATISTICS)[SuccessMetricStatisticKind]['unit'];
export const SuccessMetricUnitEnum = sameNameEnum<SuccessMetricUnit>(['PERCENT', 'NUMBER']);
registerEnumType(SuccessMetricUnitEnum, {
  name: 'SuccessMetricUnit',
  description: "The unit of a statistic's values (and of AT_LEAST/AT_MOST targets).",
  valuesMap: {
    PERCENT: { description: 'A percentage, 0-100.' },
    NUMBER: { description: 'A count or sum in the series’ own terms.' },
  },
});

export const SuccessMetricComparatorEnum = sameNameEnum<SuccessMetricComparator>(SUCCESS_METRIC_COMPARATORS);
registerEnumType(SuccessMetricComparatorEnum, {
  name: 'SuccessMetricComparator',
  description: 'How the value is compared with the target.',
  valuesMap: {
    AT_LEAST: { description: 'value ≥ target (the target in the statistic’s unit).' },
    AT_MOST: { description: 'value ≤ target (the target in the statistic’s unit).' },
    INCREASE_BY_PERCENT: {
      description: 'The value rose from the baseline by at least `target` percent of the baseline’s magnitude (target ≥ 0). A zero baseline is INSUFFICIENT_DATA.',
    },
    DECREASE_BY_PERCENT: {
      description: 'The value fell from the baseline by at least `target` percent of the baseline’s magnitude (target ≥ 0). A zero baseline is INSUFFICIENT_DATA.',
    },
  },
});

export const SuccessMetricVerdictEnum = sameNameEnum<SuccessMetricVerdict>(SUCCESS_METRIC_VERDICTS);
registerEnumType(SuccessMetricVerdictEnum, {
  name: 'SuccessMetricVerdict',
  description: 'The outcome of one evaluation. Acceptance needs MET as the latest verdict of every active metric (or an override reason).',
  valuesMap: {
    MET: { description: 'Computed and compared: the target is met.' },
    NOT_MET: { description: 'Computed and compared: the target is not met.' },
    INSUFFICIENT_DATA: { description: 'The window (or baseline) has ended and the statistic has no value; `reason` says why.' },
    PENDING: { description: 'Not decidable yet: the window has not started, the item is not delivered, or the open window has no value yet; `reason` says which.' },
  },
});

export const SuccessMetricTriggerEnum = sameNameEnum<SuccessMetricTrigger>(SUCCESS_METRIC_TRIGGERS);
registerEnumType(SuccessMetricTriggerEnum, {
  name: 'SuccessMetricTrigger',
  description: 'Who asked for an evaluation.',
  valuesMap: {
    REQUEST: { description: 'A person or client (evaluateSuccessMetrics).' },
    LIVE: { description: 'The backlog service, re-evaluating a delivered item when the data version advanced.' },
  },
});

export type SuccessMetricWindowAnchor = SuccessMetricWindow['anchor'];
export const SuccessMetricWindowAnchorEnum = sameNameEnum<SuccessMetricWindowAnchor>(['DELIVERED', 'FIXED']);
registerEnumType(SuccessMetricWindowAnchorEnum, {
  name: 'SuccessMetricWindowAnchor',
  description: 'Where an evaluation window lies.',
  valuesMap: {
    DELIVERED: { description: '`days` × 24 h, starting `offsetDays` × 24 h after the item last reached DELIVERED.' },
    FIXED: { description: 'The fixed interval [from, to).' },
  },
});
