/**
 * What each RPC request schema accepts and refuses, by example. The TypeBox schemas replaced
 * hand-written ones that were proven JSON-identical when converted; these examples pin the
 * accepted JSON from now on: the limits, formats, patterns, enums and nested shapes of every
 * request, with the boundary values on both sides. The table is keyed by subject, so a new RPC
 * does not compile without its examples.
 */
import { MAX_CURSOR_LENGTH } from '../pagination/page';
import { BACKLOG_LIMITS } from '../backlog/backlog.enums';
import { strictValidator } from '../json-schema/strict-ajv.testing';
import { GOVERNANCE_LIMITS } from '../governance/governance.enums';
import { INSIGHT_LIMITS, type PropertyFilter } from '../insights/insight-common';
import { SQL_QUERY_LIMITS } from '../insights/sql-query.rpc';
import { ANALYSIS_LIMITS } from '../insights/analyses.rpc';
import { FUNNEL_MAX_BREAKDOWN_VALUE_LENGTH } from '../insights/funnel.query';
import { PERSON_ERASURE_LIMITS } from '../persons/person-erasure.rpc';
import { MAX_PROJECT_IDS_FILTER, MAX_PROJECT_NAME_LENGTH } from './project.rpc';
import { WRITE_KEY_LIMITS } from './write-key.rpc';
import { EVIDENCE_LIMITS } from '../backlog/evidence.rpc';
import { SUCCESS_METRIC_LIMITS } from '../backlog/success-metrics.rpc';
import { TRACKING_PLAN_RPC_LIMITS } from '../tracking-plan/tracking-plan.rpc';
import { RPC_REQUEST_SCHEMAS, type RpcRequest, type RpcSubject } from './rpc-registry';

const P = '6f1c1a52-9b8f-4e55-9a37-111111111111';
const ID = '0b7e4c1e-3f3a-4d5e-8a9b-222222222222';
const SHA = `sha256:${'0123456789abcdef'.repeat(4)}`;
const text = (length: number) => 'x'.repeat(length);
const range = { from: '2026-01-01', to: '2026-01-31' };

interface Examples<S extends RpcSubject> {
  /** Accepted, the first one complete enough to take apart (each of its required fields removed, an unknown one added). */
  valid: [RpcRequest<S>, ...Array<RpcRequest<S>>];
  /** Refused: why, and the payload. */
  invalid: Array<[string, unknown]>;
}

/** `base` with `patch` applied at `path` (dot-separated; the last key is replaced). */
function change(base: object, path: string, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
  return copy;
}

const page = (base: object, maxFirst: number): Array<[string, unknown]> => [
  ['first 0', change(base, 'first', 0)],
  [`first ${maxFirst + 1}`, change(base, 'first', maxFirst + 1)],
  ['first 1.5', change(base, 'first', 1.5)],
  ['first as text', change(base, 'first', '10')],
  ['after empty', change(base, 'after', '')],
  ['after too long', change(base, 'after', text(MAX_CURSOR_LENGTH + 1))],
];

const filter: PropertyFilter = { property: '$browser', operator: 'in', value: ['Chrome', 1, true], type: 'person' };
const insightBase = { projectId: P, timeZone: 'Europe/Berlin', asOfDataVersion: '12345678901234567890' };
const insightInvalid = (base: object): Array<[string, unknown]> => [
  ['timeZone empty', change(base, 'timeZone', '')],
  ['timeZone too long', change(base, 'timeZone', text(65))],
  ['asOfDataVersion with a leading zero', change(base, 'asOfDataVersion', '01')],
  ['asOfDataVersion of 21 digits', change(base, 'asOfDataVersion', '1'.repeat(21))],
  ['asOfDataVersion as a number', change(base, 'asOfDataVersion', 5)],
  ['an unknown query field', change(base, 'query.unknown', 1)],
  ['a bad date bound', change(base, 'query.dateRange.from', '01/01/2026')],
  ['a date bound without offset', change(base, 'query.dateRange.to', '2026-01-31T10:00')],
  ['a date range without to', change(base, 'query.dateRange', { from: '2026-01-01' })],
];
const filtersInvalid = (base: object, at: string): Array<[string, unknown]> => [
  [`${at}: unknown operator`, change(base, at, [{ property: 'a', operator: 'like', value: 'x' }])],
  [`${at}: empty in-list`, change(base, at, [{ property: 'a', operator: 'in', value: [] }])],
  [`${at}: in-list over the limit`, change(base, at, [{ property: 'a', operator: 'in', value: Array(INSIGHT_LIMITS.maxInValues + 1).fill(1) }])],
  [`${at}: object value`, change(base, at, [{ property: 'a', operator: 'eq', value: { b: 1 } }])],
  [`${at}: null value`, change(base, at, [{ property: 'a', operator: 'eq', value: null }])],
  [`${at}: value too long`, change(base, at, [{ property: 'a', operator: 'eq', value: text(INSIGHT_LIMITS.maxFilterValueLength + 1) }])],
  [`${at}: empty property`, change(base, at, [{ property: '', operator: 'is_set' }])],
  [`${at}: property too long`, change(base, at, [{ property: text(INSIGHT_LIMITS.maxPropertyNameLength + 1), operator: 'is_set' }])],
  [`${at}: unknown filter type`, change(base, at, [{ property: 'a', operator: 'is_set', type: 'group' }])],
  [`${at}: a filter without operator`, change(base, at, [{ property: 'a' }])],
  [`${at}: too many filters`, change(base, at, Array(INSIGHT_LIMITS.maxFilters + 1).fill({ property: 'a', operator: 'is_set' }))],
];

const trend: RpcRequest<'analytics.insights.trend.get.v1'> = {
  ...insightBase,
  query: {
    series: [{ event: null, filters: [filter], math: 'SUM', mathProperty: 'amount', label: text(200) }],
    interval: 'DAY',
    dateRange: { from: '2026-01-01T00:00:00Z', to: '2026-01-31T23:59:59.123456789+02:00' },
    filters: [{ property: 'plan', operator: 'is_set' }],
    breakdown: { property: 'plan', limit: INSIGHT_LIMITS.maxBreakdownLimit },
  },
};
const steps = [{ event: 'Viewed' }, { event: 'Bought', filters: [filter] }];
const funnel: RpcRequest<'analytics.insights.funnel.get.v1'> = {
  ...insightBase,
  query: {
    steps,
    dateRange: range,
    conversionWindow: { value: 1_000_000, unit: 'WEEK' },
    order: 'STRICT',
    filters: [filter],
    exclusions: [{ event: 'Refunded', filters: [], fromStep: 0, toStep: INSIGHT_LIMITS.maxFunnelSteps - 1 }],
    breakdown: { property: 'plan', limit: 5, attribution: 'ALL_STEPS' },
  },
};
const funnelPersons: RpcRequest<'analytics.insights.funnel-persons.get.v1'> = {
  ...funnel,
  query: {
    ...funnel.query,
    personsAt: { step: 19, status: 'REACHED', limit: INSIGHT_LIMITS.maxPageSize, after: 'p', breakdownValue: { value: null, other: true } },
  },
};
const retention: RpcRequest<'analytics.insights.retention.get.v1'> = {
  ...insightBase,
  query: {
    startEvent: { event: 'Signed Up', filters: [filter] },
    returnEvent: { event: 'Signed Up' },
    period: 'WEEK',
    periods: INSIGHT_LIMITS.maxRetentionPeriods,
    cohortType: 'RECURRING',
    mode: 'ON_OR_AFTER',
    dateRange: range,
    filters: [filter],
    breakdown: { property: 'plan' },
  },
};
const stickiness: RpcRequest<'analytics.insights.stickiness.get.v1'> = {
  ...insightBase,
  query: { event: 'Opened', filters: [filter], interval: 'HOUR', dateRange: range, breakdown: { property: 'plan', limit: 1 } },
};
const lifecycle: RpcRequest<'analytics.insights.lifecycle.get.v1'> = {
  ...insightBase,
  query: { event: 'Opened', filters: [filter], interval: 'MONTH', dateRange: range },
};
const paths: RpcRequest<'analytics.insights.paths.get.v1'> = {
  ...insightBase,
  query: {
    event: 'Opened',
    anchorFilters: [filter],
    direction: 'PREVIOUS',
    depth: INSIGHT_LIMITS.maxPathDepth,
    sessionGapMinutes: 1440,
    dateRange: range,
    filters: [filter],
    excludeEvents: ['$pageview'],
    fanout: INSIGHT_LIMITS.maxPathFanout,
  },
};
const catalog: RpcRequest<'analytics.insights.property-catalog.get.v1'> = {
  ...insightBase,
  query: { dateRange: range, event: 'Opened', topValues: 0, limit: 1000, order: 'NAME' },
};
const modelVersion: RpcRequest<'governance.model-versions.register.v1'> = {
  projectId: P,
  modelId: ID,
  artifactDigest: SHA,
  trainingDataset: { name: 'loans', version: '2026-01', contentHash: SHA, rows: 0, source: 's3://bucket/loans.parquet' },
  features: [{ name: 'income', sensitivity: 'PERSONAL' }],
  purposes: ['credit scoring'],
  legalBasis: 'CONTRACT',
  specialCategoryGround: null,
  solelyAutomatedSignificantDecisions: true,
  automatedDecisionBasis: 'CONTRACT_NECESSITY',
  humanReviewAvailable: true,
  retentionDays: 36_500,
};
const fairness: RpcRequest<'governance.fairness-report.get.v1'> = {
  projectId: P,
  modelVersionId: ID,
  attributes: ['sex', 'age', 'race', 'region'],
  positiveOutcome: 'approve',
  positiveGroundTruth: 'repaid',
  favorableOutcome: 'approve',
  referenceGroup: { sex: 'male', age: null },
  from: '2026-01-01T00:00:00Z',
  to: null,
  minGroupSize: 1_000_000_000,
};
const audit: RpcRequest<'governance.audits.run.v1'> = {
  projectId: P,
  modelVersionId: ID,
  from: '2026-01-01T00:00:00Z',
  to: '2026-02-01T00:00:00+01:00',
  rules: ['four-fifths', 'nyc-ll144'],
  favorableOutcome: null,
  ll144ExcludeUnder2Percent: { justification: 'too few to compare' },
};

const { projectId: _fairnessProject, ...fairnessParameters } = fairness;
const attachEvidence: RpcRequest<'backlog.evidence.attach.v1'> = {
  projectId: P,
  itemId: ID,
  expectedVersion: 1,
  source: { kind: 'ANALYSIS', analysisId: ID },
  stance: 'SUPPORTS',
  narrative: text(EVIDENCE_LIMITS.maxNarrativeBytes),
};
const metricDefinition: RpcRequest<'backlog.success-metrics.define.v1'>['definition'] = {
  name: text(SUCCESS_METRIC_LIMITS.maxNameLength),
  insight: { kind: 'FUNNEL', query: { steps, conversionWindow: { value: 1, unit: 'DAY' }, order: 'STRICT', filters: [filter] } },
  statistic: { kind: 'FUNNEL_STEP_CONVERSION', step: INSIGHT_LIMITS.maxFunnelSteps - 1 },
  comparator: 'INCREASE_BY_PERCENT',
  target: 12.5,
  window: { anchor: 'DELIVERED', days: SUCCESS_METRIC_LIMITS.maxWindowDays, offsetDays: 0 },
  baseline: { from: '2026-01-01T00:00:00Z', to: '2026-01-15T00:00:00+01:00' },
  timeZone: 'Europe/Berlin',
};
const defineMetric: RpcRequest<'backlog.success-metrics.define.v1'> = { projectId: P, itemId: ID, expectedVersion: 3, definition: metricDefinition };
const metricInvalid = (base: object): Array<[string, unknown]> => [
  ['a date range in the query (the window gives it)', change(base, 'definition.insight.query.dateRange', range)],
  ['a breakdown (a metric is one number)', change(base, 'definition.insight.query.breakdown', { property: 'plan' })],
  ['an unknown insight kind', change(base, 'definition.insight.kind', 'PATHS')],
  ['a funnel of one step', change(base, 'definition.insight.query.steps', [{ event: 'a' }])],
  ['an unknown statistic', change(base, 'definition.statistic', { kind: 'MEDIAN' })],
  ['step 0 of a funnel (always 100 %)', change(base, 'definition.statistic.step', 0)],
  ['a step past the longest funnel', change(base, 'definition.statistic.step', INSIGHT_LIMITS.maxFunnelSteps)],
  ['retention period 0', change(base, 'definition.statistic', { kind: 'RETENTION_PERIOD_N', period: 0 })],
  ['a series past the last one', change(base, 'definition.statistic', { kind: 'TREND_TOTAL', series: INSIGHT_LIMITS.maxSeries })],
  ['a statistic with a stray parameter', change(base, 'definition.statistic', { kind: 'FUNNEL_LAST_STEP_CONVERSION', step: 1 })],
  ['an unknown comparator', change(base, 'definition.comparator', 'ABOUT')],
  ['a target as text', change(base, 'definition.target', '10')],
  ['a target past 1e15', change(base, 'definition.target', 1e16)],
  ['a window of 0 days', change(base, 'definition.window.days', 0)],
  ['a window too long', change(base, 'definition.window.days', SUCCESS_METRIC_LIMITS.maxWindowDays + 1)],
  ['a negative offset', change(base, 'definition.window.offsetDays', -1)],
  ['an unknown anchor', change(base, 'definition.window', { anchor: 'STARTED', days: 14 })],
  ['a fixed window of dates (instants needed)', change(base, 'definition.window', { anchor: 'FIXED', from: '2026-01-01', to: '2026-01-15' })],
  ['a fixed window without to', change(base, 'definition.window', { anchor: 'FIXED', from: '2026-01-01T00:00:00Z' })],
  ['a baseline without offset', change(base, 'definition.baseline.to', '2026-01-15T00:00:00')],
  ['a blank name', change(base, 'definition.name', ' ')],
  ['a name too long', change(base, 'definition.name', text(SUCCESS_METRIC_LIMITS.maxNameLength + 1))],
  ['an empty time zone', change(base, 'definition.timeZone', '')],
  ['a definition with an unknown field', change(base, 'definition.owner', 'x')],
  ['expectedVersion 0', change(base, 'expectedVersion', 0)],
];
const EXAMPLES: { [S in RpcSubject]: Examples<S> } = {
  'ingest.projects.create.v1': {
    valid: [{ name: text(MAX_PROJECT_NAME_LENGTH), timeZone: 'Europe/Berlin', key: 'SHOP2026' }, { name: 'x' }, { name: 'x', key: 'ab' }, { name: 'x', key: 'ABCDEFGHIJ' }],
    invalid: [
      ['key of one letter', { name: 'x', key: 'S' }],
      ['key of 11 characters', { name: 'x', key: 'ABCDEFGHIJK' }],
      ['key starting with a digit', { name: 'x', key: '1SHOP' }],
      ['key with a dash', { name: 'x', key: 'SH-OP' }],
      ['name empty', { name: '' }],
      ['name too long', { name: text(MAX_PROJECT_NAME_LENGTH + 1) }],
      ['name a number', { name: 1 }],
      ['timeZone empty', { name: 'x', timeZone: '' }],
      ['timeZone too long', { name: 'x', timeZone: text(65) }],
    ],
  },
  'ingest.projects.list.v1': {
    valid: [{ first: 100, after: text(MAX_CURSOR_LENGTH), projectIds: [P, ID] }, {}, { projectIds: [] }],
    invalid: [
      ...page({}, 100),
      ['a project id that is no UUID', { projectIds: ['p1'] }],
      ['too many project ids', { projectIds: Array(MAX_PROJECT_IDS_FILTER + 1).fill(P) }],
      ['project ids not a list', { projectIds: P }],
    ],
  },
  'ingest.projects.get.v1': { valid: [{ projectId: P }], invalid: [['projectId no UUID', { projectId: 'p1' }], ['projectId null', { projectId: null }]] },
  'ingest.projects.set-time-zone.v1': {
    valid: [{ projectId: P, timeZone: 'UTC' }],
    invalid: [
      ['timeZone empty', { projectId: P, timeZone: '' }],
      ['timeZone too long', { projectId: P, timeZone: text(65) }],
    ],
  },
  'ingest.write-keys.create.v1': {
    valid: [{ projectId: P, name: text(WRITE_KEY_LIMITS.maxNameLength) }],
    invalid: [
      ['name empty', { projectId: P, name: '' }],
      ['name too long', { projectId: P, name: text(WRITE_KEY_LIMITS.maxNameLength + 1) }],
    ],
  },
  'ingest.write-keys.list.v1': { valid: [{ projectId: P, first: 100, after: 'c' }, { projectId: P }], invalid: page({ projectId: P }, 100) },
  'ingest.write-keys.revoke.v1': { valid: [{ projectId: P, writeKeyId: ID }], invalid: [['writeKeyId no UUID', { projectId: P, writeKeyId: 'wk_1' }]] },
  'ingest.tracking-plan.publish.v1': {
    valid: [
      { projectId: P, basedOnVersion: 3, document: { events: [], traits: null }, note: text(TRACKING_PLAN_RPC_LIMITS.maxNoteLength) },
      { projectId: P, basedOnVersion: null, document: {} },
      { projectId: P, basedOnVersion: TRACKING_PLAN_RPC_LIMITS.maxVersion, document: { anything: 1 }, note: null },
    ],
    invalid: [
      ['basedOnVersion 0', { projectId: P, basedOnVersion: 0, document: {} }],
      ['basedOnVersion 1.5', { projectId: P, basedOnVersion: 1.5, document: {} }],
      ['basedOnVersion as text', { projectId: P, basedOnVersion: '1', document: {} }],
      ['basedOnVersion over the int range', { projectId: P, basedOnVersion: TRACKING_PLAN_RPC_LIMITS.maxVersion + 1, document: {} }],
      ['document an array', { projectId: P, basedOnVersion: null, document: [] }],
      ['document as text', { projectId: P, basedOnVersion: null, document: '{}' }],
      ['document null', { projectId: P, basedOnVersion: null, document: null }],
      ['note too long', { projectId: P, basedOnVersion: null, document: {}, note: text(TRACKING_PLAN_RPC_LIMITS.maxNoteLength + 1) }],
      ['projectId no UUID', { projectId: 'shop', basedOnVersion: null, document: {} }],
    ],
  },
  'ingest.tracking-plan.get.v1': {
    valid: [{ projectId: P, version: 7 }, { projectId: P }, { projectId: P, version: null }],
    invalid: [
      ['version 0', { projectId: P, version: 0 }],
      ['version as text', { projectId: P, version: '2' }],
      ['projectId no UUID', { projectId: 'x', version: 1 }],
    ],
  },
  'ingest.tracking-plan.versions.list.v1': {
    valid: [{ projectId: P, first: TRACKING_PLAN_RPC_LIMITS.maxPageSize, after: 'c' }, { projectId: P }],
    invalid: [...page({ projectId: P }, TRACKING_PLAN_RPC_LIMITS.maxPageSize), ['projectId no UUID', { projectId: 'x' }]],
  },
  'ingest.tracking-plan.mode.set.v1': {
    valid: [{ projectId: P, mode: 'QUARANTINE' }, { projectId: P, mode: 'OFF' }, { projectId: P, mode: 'REPORT' }],
    invalid: [
      ['an unknown mode', { projectId: P, mode: 'STRICT' }],
      ['mode in lower case', { projectId: P, mode: 'report' }],
      ['mode null', { projectId: P, mode: null }],
    ],
  },
  'analytics.event-catalog.get.v1': { valid: [{ projectId: P }], invalid: [['projectId no UUID', { projectId: 'x' }]] },
  'analytics.insights.trend.get.v1': {
    valid: [trend, { projectId: P, query: { series: [{ event: 'Signed Up' }], interval: 'HOUR', dateRange: range } }],
    invalid: [
      ...insightInvalid(trend),
      ...filtersInvalid(trend, 'query.filters'),
      ...filtersInvalid(trend, 'query.series.0.filters'),
      ['no series', change(trend, 'query.series', [])],
      ['too many series', change(trend, 'query.series', Array(INSIGHT_LIMITS.maxSeries + 1).fill({ event: 'a' }))],
      ['a series without event', change(trend, 'query.series', [{ math: 'TOTAL' }])],
      ['an empty event name', change(trend, 'query.series.0.event', '')],
      ['an event name too long', change(trend, 'query.series.0.event', text(INSIGHT_LIMITS.maxEventNameLength + 1))],
      ['unknown math', change(trend, 'query.series.0.math', 'COUNT')],
      ['mathProperty empty', change(trend, 'query.series.0.mathProperty', '')],
      ['label too long', change(trend, 'query.series.0.label', text(201))],
      ['unknown interval', change(trend, 'query.interval', 'YEAR')],
      ['breakdown limit 0', change(trend, 'query.breakdown.limit', 0)],
      ['breakdown limit over the maximum', change(trend, 'query.breakdown.limit', INSIGHT_LIMITS.maxBreakdownLimit + 1)],
      ['breakdown without property', change(trend, 'query.breakdown', { limit: 3 })],
      ['breakdown with attribution (funnels only)', change(trend, 'query.breakdown.attribution', 'FIRST_TOUCH')],
    ],
  },
  'analytics.insights.funnel.get.v1': {
    valid: [funnel, { projectId: P, query: { steps, dateRange: range } }],
    invalid: [
      ...insightInvalid(funnel),
      ...filtersInvalid(funnel, 'query.steps.1.filters'),
      ['one step', change(funnel, 'query.steps', [{ event: 'a' }])],
      ['too many steps', change(funnel, 'query.steps', Array(INSIGHT_LIMITS.maxFunnelSteps + 1).fill({ event: 'a' }))],
      ['a step with an unknown field', change(funnel, 'query.steps', [{ event: 'a', math: 'TOTAL' }, { event: 'b' }])],
      ['conversion window 0', change(funnel, 'query.conversionWindow.value', 0)],
      ['conversion window too long', change(funnel, 'query.conversionWindow.value', 1_000_001)],
      ['conversion window in months', change(funnel, 'query.conversionWindow.unit', 'MONTH')],
      ['unknown order', change(funnel, 'query.order', 'RANDOM')],
      ['exclusion step past the limit', change(funnel, 'query.exclusions.0.toStep', INSIGHT_LIMITS.maxFunnelSteps)],
      ['exclusion step negative', change(funnel, 'query.exclusions.0.fromStep', -1)],
      ['exclusion without toStep', change(funnel, 'query.exclusions', [{ event: 'a', fromStep: 0 }])],
      ['too many exclusions', change(funnel, 'query.exclusions', Array(INSIGHT_LIMITS.maxFilters + 1).fill({ event: 'a', fromStep: 0, toStep: 1 }))],
      ['unknown attribution', change(funnel, 'query.breakdown.attribution', 'EVEN')],
      ['personsAt (persons requests only)', change(funnel, 'query.personsAt', { step: 0, status: 'REACHED' })],
    ],
  },
  'analytics.insights.funnel-persons.get.v1': {
    valid: [funnelPersons, { projectId: P, query: { steps, dateRange: range, personsAt: { step: 0, status: 'DROPPED' } } }],
    invalid: [
      ...insightInvalid(funnelPersons),
      ['no personsAt', change(funnelPersons, 'query.personsAt', undefined)],
      ['unknown status', change(funnelPersons, 'query.personsAt.status', 'LOST')],
      ['step past the limit', change(funnelPersons, 'query.personsAt.step', INSIGHT_LIMITS.maxFunnelSteps)],
      ['limit 0', change(funnelPersons, 'query.personsAt.limit', 0)],
      ['limit over the page size', change(funnelPersons, 'query.personsAt.limit', INSIGHT_LIMITS.maxPageSize + 1)],
      ['after empty', change(funnelPersons, 'query.personsAt.after', '')],
      ['after too long', change(funnelPersons, 'query.personsAt.after', text(1025))],
      ['breakdownValue without other', change(funnelPersons, 'query.personsAt.breakdownValue', { value: 'a' })],
      ['breakdownValue too long', change(funnelPersons, 'query.personsAt.breakdownValue.value', text(FUNNEL_MAX_BREAKDOWN_VALUE_LENGTH + 1))],
      ['breakdownValue a number', change(funnelPersons, 'query.personsAt.breakdownValue.value', 1)],
    ],
  },
  'analytics.insights.retention.get.v1': {
    valid: [retention, { projectId: P, query: { startEvent: { event: 'a' }, returnEvent: { event: 'b' }, period: 'DAY', periods: 1, dateRange: range } }],
    invalid: [
      ...insightInvalid(retention),
      ...filtersInvalid(retention, 'query.startEvent.filters'),
      ['periods 0', change(retention, 'query.periods', 0)],
      ['periods over the limit', change(retention, 'query.periods', INSIGHT_LIMITS.maxRetentionPeriods + 1)],
      ['hourly periods', change(retention, 'query.period', 'HOUR')],
      ['unknown cohort type', change(retention, 'query.cohortType', 'FIRST')],
      ['unknown mode', change(retention, 'query.mode', 'AFTER')],
      ['a start event without event', change(retention, 'query.startEvent', { filters: [] })],
      ['a return event with an unknown field', change(retention, 'query.returnEvent.math', 'TOTAL')],
    ],
  },
  'analytics.insights.stickiness.get.v1': {
    valid: [stickiness, { projectId: P, query: { event: 'a', interval: 'WEEK', dateRange: range } }],
    invalid: [
      ...insightInvalid(stickiness),
      ...filtersInvalid(stickiness, 'query.filters'),
      ['unknown interval', change(stickiness, 'query.interval', 'YEAR')],
      ['event empty', change(stickiness, 'query.event', '')],
    ],
  },
  'analytics.insights.lifecycle.get.v1': {
    valid: [lifecycle],
    invalid: [
      ...insightInvalid(lifecycle),
      ...filtersInvalid(lifecycle, 'query.filters'),
      ['unknown interval', change(lifecycle, 'query.interval', 'YEAR')],
      ['a breakdown', change(lifecycle, 'query.breakdown', { property: 'plan' })],
    ],
  },
  'analytics.insights.paths.get.v1': {
    valid: [paths, { projectId: P, query: { event: 'a', depth: 1, dateRange: range } }],
    invalid: [
      ...insightInvalid(paths),
      ...filtersInvalid(paths, 'query.anchorFilters'),
      ['depth 0', change(paths, 'query.depth', 0)],
      ['depth over the limit', change(paths, 'query.depth', INSIGHT_LIMITS.maxPathDepth + 1)],
      ['session gap 0', change(paths, 'query.sessionGapMinutes', 0)],
      ['session gap over a day', change(paths, 'query.sessionGapMinutes', 1441)],
      ['fanout over the limit', change(paths, 'query.fanout', INSIGHT_LIMITS.maxPathFanout + 1)],
      ['unknown direction', change(paths, 'query.direction', 'UP')],
      ['too many excluded events', change(paths, 'query.excludeEvents', Array(101).fill('a'))],
      ['an empty excluded event', change(paths, 'query.excludeEvents', [''])],
    ],
  },
  'analytics.insights.property-catalog.get.v1': {
    valid: [catalog, { projectId: P, query: {} }],
    invalid: [
      ...insightInvalid(catalog),
      ['topValues over the limit', change(catalog, 'query.topValues', 21)],
      ['limit 0', change(catalog, 'query.limit', 0)],
      ['limit over the maximum', change(catalog, 'query.limit', 1001)],
      ['unknown order', change(catalog, 'query.order', 'SIZE')],
    ],
  },
  'analytics.sql.run.v1': {
    valid: [
      { projectId: P, query: text(SQL_QUERY_LIMITS.maxQueryLength), asOfDataVersion: '0', maxRows: SQL_QUERY_LIMITS.maxMaxRows, timeoutMs: SQL_QUERY_LIMITS.minTimeoutMs },
      { projectId: P, query: 'SELECT 1', timeoutMs: SQL_QUERY_LIMITS.maxTimeoutMs },
    ],
    invalid: [
      ['query empty', { projectId: P, query: '' }],
      ['query too long', { projectId: P, query: text(SQL_QUERY_LIMITS.maxQueryLength + 1) }],
      ['maxRows 0', { projectId: P, query: 'q', maxRows: 0 }],
      ['maxRows over the limit', { projectId: P, query: 'q', maxRows: SQL_QUERY_LIMITS.maxMaxRows + 1 }],
      ['timeout too short', { projectId: P, query: 'q', timeoutMs: SQL_QUERY_LIMITS.minTimeoutMs - 1 }],
      ['timeout too long', { projectId: P, query: 'q', timeoutMs: SQL_QUERY_LIMITS.maxTimeoutMs + 1 }],
      ['a time zone (not a SQL request field)', { projectId: P, query: 'q', timeZone: 'UTC' }],
      ['a bad data version', { projectId: P, query: 'q', asOfDataVersion: '-1' }],
    ],
  },
  'analytics.analyses.save.v1': {
    valid: [
      { projectId: P, timeZone: 'UTC', title: text(ANALYSIS_LIMITS.maxTitleLength), narrative: '', insight: { kind: 'PROPERTY_CATALOG', query: { anything: [1] } } },
    ],
    invalid: [
      ['title empty', { projectId: P, timeZone: 'UTC', title: '', narrative: '', insight: { kind: 'TREND', query: {} } }],
      ['title too long', { projectId: P, timeZone: 'UTC', title: text(ANALYSIS_LIMITS.maxTitleLength + 1), narrative: '', insight: { kind: 'TREND', query: {} } }],
      ['narrative too long', { projectId: P, timeZone: 'UTC', title: 't', narrative: text(ANALYSIS_LIMITS.maxNarrativeLength + 1), insight: { kind: 'TREND', query: {} } }],
      ['timeZone empty', { projectId: P, timeZone: '', title: 't', narrative: '', insight: { kind: 'TREND', query: {} } }],
      ['unknown kind', { projectId: P, timeZone: 'UTC', title: 't', narrative: '', insight: { kind: 'PIE', query: {} } }],
      ['query a list', { projectId: P, timeZone: 'UTC', title: 't', narrative: '', insight: { kind: 'TREND', query: [] } }],
      ['query missing', { projectId: P, timeZone: 'UTC', title: 't', narrative: '', insight: { kind: 'TREND' } }],
      ['insight with an unknown field', { projectId: P, timeZone: 'UTC', title: 't', narrative: '', insight: { kind: 'TREND', query: {}, result: {} } }],
    ],
  },
  'analytics.analyses.get.v1': { valid: [{ projectId: P, analysisId: ID }], invalid: [['analysisId no UUID', { projectId: P, analysisId: 'a1' }]] },
  'analytics.analyses.list.v1': { valid: [{ projectId: P, first: ANALYSIS_LIMITS.maxListPage }], invalid: page({ projectId: P }, ANALYSIS_LIMITS.maxListPage) },
  'analytics.analyses.reproduce.v1': { valid: [{ projectId: P, analysisId: ID }], invalid: [['analysisId no UUID', { projectId: P, analysisId: 'a1' }]] },
  'analytics.analyses.recompute.v1': { valid: [{ projectId: P, analysisId: ID }], invalid: [['analysisId no UUID', { projectId: P, analysisId: 'a1' }]] },
  'analytics.data-version.get.v1': { valid: [{}], invalid: [['a project', { projectId: P }]] },
  'backlog.evidence.attach.v1': {
    valid: [
      attachEvidence,
      { ...attachEvidence, stance: 'CONTRADICTS', narrative: '', source: { kind: 'MODEL_VERSION', modelVersionId: ID } },
      { ...attachEvidence, stance: 'INFORMS', source: { kind: 'AUDIT', auditId: ID } },
      { ...attachEvidence, source: { kind: 'FAIRNESS_REPORT', report: fairnessParameters } },
      { ...attachEvidence, source: { kind: 'URL', url: `https://example.com/${text(EVIDENCE_LIMITS.maxUrlLength - 20)}` } },
      { ...attachEvidence, source: { kind: 'URL', url: 'HTTP://intranet' } },
    ],
    invalid: [
      ['unknown stance', change(attachEvidence, 'stance', 'NEUTRAL')],
      ['narrative too long', change(attachEvidence, 'narrative', text(EVIDENCE_LIMITS.maxNarrativeBytes + 1))],
      ['expectedVersion 0', change(attachEvidence, 'expectedVersion', 0)],
      ['unknown source kind', change(attachEvidence, 'source', { kind: 'DASHBOARD', id: ID })],
      ['analysis id no UUID', change(attachEvidence, 'source.analysisId', 'a1')],
      ['analysis source with another kind’s id', change(attachEvidence, 'source', { kind: 'ANALYSIS', auditId: ID })],
      ['a ftp URL', change(attachEvidence, 'source', { kind: 'URL', url: 'ftp://example.com/x' })],
      ['a javascript URL', change(attachEvidence, 'source', { kind: 'URL', url: 'javascript:alert(1)' })],
      ['a URL too long', change(attachEvidence, 'source', { kind: 'URL', url: `https://e.com/${text(EVIDENCE_LIMITS.maxUrlLength)}` })],
      ['a fairness report naming its project', change(attachEvidence, 'source', { kind: 'FAIRNESS_REPORT', report: fairness })],
      ['a fairness report without attributes', change(attachEvidence, 'source', { kind: 'FAIRNESS_REPORT', report: { ...fairnessParameters, attributes: [] } })],
    ],
  },
  'backlog.evidence.withdraw.v1': {
    valid: [{ projectId: P, evidenceId: ID, expectedVersion: 2, reason: text(EVIDENCE_LIMITS.maxReasonLength) }],
    invalid: [
      ['reason blank', { projectId: P, evidenceId: ID, expectedVersion: 2, reason: ' \n' }],
      ['reason too long', { projectId: P, evidenceId: ID, expectedVersion: 2, reason: text(EVIDENCE_LIMITS.maxReasonLength + 1) }],
      ['evidenceId no UUID', { projectId: P, evidenceId: 'e1', expectedVersion: 2, reason: 'r' }],
    ],
  },
  'backlog.evidence.list.v1': { valid: [{ projectId: P, itemId: ID, first: EVIDENCE_LIMITS.maxListPage }], invalid: page({ projectId: P, itemId: ID }, EVIDENCE_LIMITS.maxListPage) },
  'backlog.evidence.freshness.v1': { valid: [{ projectId: P, evidenceId: ID }], invalid: [['evidenceId no UUID', { projectId: P, evidenceId: 'e1' }]] },
  'backlog.evidence.items-for-analysis.v1': { valid: [{ projectId: P, analysisId: ID }], invalid: [['analysisId no UUID', { projectId: P, analysisId: 'a1' }]] },
  'backlog.success-metrics.define.v1': {
    valid: [
      defineMetric,
      {
        ...defineMetric,
        definition: {
          name: 'Weekly sign-ups',
          insight: { kind: 'TREND', query: { series: [{ event: 'signed_up', math: 'UNIQUE_PERSONS' }], interval: 'WEEK' } },
          statistic: { kind: 'TREND_MEAN_PER_BUCKET' },
          comparator: 'AT_LEAST',
          target: -3,
          window: { anchor: 'FIXED', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00.5-05:00' },
        },
      },
      {
        ...defineMetric,
        definition: {
          name: 'Week-1 retention',
          insight: { kind: 'RETENTION', query: { startEvent: { event: 'a' }, returnEvent: { event: 'b' }, period: 'WEEK', periods: 8 } },
          statistic: { kind: 'RETENTION_PERIOD_N', period: 1 },
          comparator: 'AT_MOST',
          target: 0,
          window: { anchor: 'DELIVERED', days: 1 },
        },
      },
    ],
    invalid: metricInvalid(defineMetric),
  },
  'backlog.success-metrics.edit.v1': {
    valid: [{ projectId: P, metricId: ID, expectedVersion: 4, definition: metricDefinition }],
    invalid: [['metricId no UUID', { projectId: P, metricId: 'm1', expectedVersion: 4, definition: metricDefinition }], ...metricInvalid({ projectId: P, metricId: ID, expectedVersion: 4, definition: metricDefinition })],
  },
  'backlog.success-metrics.retire.v1': {
    valid: [{ projectId: P, metricId: ID, expectedVersion: 4, reason: text(SUCCESS_METRIC_LIMITS.maxReasonLength) }],
    invalid: [
      ['reason blank', { projectId: P, metricId: ID, expectedVersion: 4, reason: '  ' }],
      ['reason too long', { projectId: P, metricId: ID, expectedVersion: 4, reason: text(SUCCESS_METRIC_LIMITS.maxReasonLength + 1) }],
    ],
  },
  'backlog.success-metrics.list.v1': { valid: [{ projectId: P, itemId: ID }], invalid: [['itemId no UUID', { projectId: P, itemId: 'SHOP-1' }]] },
  'backlog.success-metrics.evaluate.v1': { valid: [{ projectId: P, itemId: ID }], invalid: [['an asOfDataVersion (use reevaluate-at)', { projectId: P, itemId: ID, asOfDataVersion: '1' }]] },
  'backlog.success-metrics.evaluations.list.v1': {
    valid: [{ projectId: P, metricId: ID, first: SUCCESS_METRIC_LIMITS.maxEvaluationsPage, after: 'c' }],
    invalid: page({ projectId: P, metricId: ID }, SUCCESS_METRIC_LIMITS.maxEvaluationsPage),
  },
  'backlog.success-metrics.reevaluate-at.v1': { valid: [{ projectId: P, evaluationId: ID }], invalid: [['evaluationId no UUID', { projectId: P, evaluationId: 'x' }]] },
  'analytics.identity-conflicts.list.v1': { valid: [{ projectId: P, first: 500, after: 'c' }], invalid: page({ projectId: P }, 500) },
  'analytics.person.erase.v1': {
    valid: [
      { projectId: P, distinctId: text(PERSON_ERASURE_LIMITS.maxDistinctIdLength), reason: text(PERSON_ERASURE_LIMITS.maxReasonLength) },
      { projectId: P, distinctId: ' ', reason: ' ticket 42 ' },
    ],
    invalid: [
      ['distinctId empty', { projectId: P, distinctId: '', reason: 'r' }],
      ['distinctId too long', { projectId: P, distinctId: text(PERSON_ERASURE_LIMITS.maxDistinctIdLength + 1), reason: 'r' }],
      ['reason blank', { projectId: P, distinctId: 'u', reason: ' \n\t' }],
      ['reason too long', { projectId: P, distinctId: 'u', reason: text(PERSON_ERASURE_LIMITS.maxReasonLength + 1) }],
    ],
  },
  'backlog.items.create.v1': {
    valid: [
      {
        projectId: P,
        track: 'ENGINEERING',
        kind: 'FEATURE',
        title: text(BACKLOG_LIMITS.maxTitleLength),
        description: text(BACKLOG_LIMITS.maxDescriptionBytes),
        estimate: '13',
        owners: [ID],
        labels: Array(BACKLOG_LIMITS.maxLabels).fill(text(BACKLOG_LIMITS.maxLabelLength)),
        state: 'BACKLOG',
      },
      { projectId: P, track: 'DATA', kind: 'ANALYSIS', title: 'x', estimate: null, owners: [], labels: [] },
    ],
    invalid: [
      ['title empty', { projectId: P, track: 'DATA', kind: 'BUG', title: '' }],
      ['title too long', { projectId: P, track: 'DATA', kind: 'BUG', title: text(BACKLOG_LIMITS.maxTitleLength + 1) }],
      ['an unknown track', { projectId: P, track: 'SALES', kind: 'BUG', title: 't' }],
      ['an unknown kind', { projectId: P, track: 'DATA', kind: 'EPIC', title: 't' }],
      ['a lower-case track', { projectId: P, track: 'data', kind: 'BUG', title: 't' }],
      ['created STARTED', { projectId: P, track: 'DATA', kind: 'BUG', title: 't', state: 'STARTED' }],
      ['description too long', { projectId: P, track: 'DATA', kind: 'BUG', title: 't', description: text(BACKLOG_LIMITS.maxDescriptionBytes + 1) }],
      ['estimate empty', { projectId: P, track: 'DATA', kind: 'BUG', title: 't', estimate: '' }],
      ['estimate a number', { projectId: P, track: 'DATA', kind: 'BUG', title: 't', estimate: 3 }],
      ['too many owners', { projectId: P, track: 'DATA', kind: 'BUG', title: 't', owners: Array.from({ length: 21 }, (_, i) => ID.replace(/2222$/, String(1000 + i))) }],
      ['an owner twice', { projectId: P, track: 'DATA', kind: 'BUG', title: 't', owners: [ID, ID] }],
      ['an owner no UUID', { projectId: P, track: 'DATA', kind: 'BUG', title: 't', owners: ['ana'] }],
      ['too many labels', { projectId: P, track: 'DATA', kind: 'BUG', title: 't', labels: Array(BACKLOG_LIMITS.maxLabels + 1).fill('a') }],
      ['a label too long', { projectId: P, track: 'DATA', kind: 'BUG', title: 't', labels: [text(BACKLOG_LIMITS.maxLabelLength + 1)] }],
      ['a label empty', { projectId: P, track: 'DATA', kind: 'BUG', title: 't', labels: [''] }],
    ],
  },
  'backlog.items.update.v1': {
    valid: [
      { projectId: P, itemId: ID, expectedVersion: 1, title: 't', description: '', kind: 'BUG', estimate: null, owners: [ID], labels: ['ux'] },
      { projectId: P, itemId: ID, expectedVersion: 2_147_483_647 },
    ],
    invalid: [
      ['expectedVersion 0', { projectId: P, itemId: ID, expectedVersion: 0 }],
      ['expectedVersion as text', { projectId: P, itemId: ID, expectedVersion: '1' }],
      ['expectedVersion 1.5', { projectId: P, itemId: ID, expectedVersion: 1.5 }],
      ['a track change', { projectId: P, itemId: ID, expectedVersion: 1, track: 'DATA' }],
      ['a state change', { projectId: P, itemId: ID, expectedVersion: 1, state: 'STARTED' }],
      ['title null', { projectId: P, itemId: ID, expectedVersion: 1, title: null }],
    ],
  },
  'backlog.items.move.v1': {
    valid: [
      { projectId: P, itemId: ID, expectedVersion: 3, state: 'ACCEPTED', overrideReason: text(BACKLOG_LIMITS.maxOverrideReasonLength) },
      { projectId: P, itemId: ID, expectedVersion: 1, state: 'ARCHIVED' },
    ],
    invalid: [
      ['an unknown state', { projectId: P, itemId: ID, expectedVersion: 1, state: 'DONE' }],
      ['override reason empty', { projectId: P, itemId: ID, expectedVersion: 1, state: 'ACCEPTED', overrideReason: '' }],
      ['override reason too long', { projectId: P, itemId: ID, expectedVersion: 1, state: 'ACCEPTED', overrideReason: text(BACKLOG_LIMITS.maxOverrideReasonLength + 1) }],
    ],
  },
  'backlog.items.rank.v1': {
    valid: [{ projectId: P, itemId: ID, expectedVersion: 1, before: P }, { projectId: P, itemId: ID, expectedVersion: 1, after: P }],
    invalid: [['before no UUID', { projectId: P, itemId: ID, expectedVersion: 1, before: 'SHOP-1' }]],
  },
  'backlog.items.get.v1': {
    valid: [{ projectId: P, itemId: ID }, { projectId: P, key: 'SHOP-42' }, { projectId: P, key: 'ab-1' }, { projectId: P, key: 'ABCDEFGHIJ-1234567890' }],
    invalid: [
      ['a key without number', { projectId: P, key: 'SHOP-' }],
      ['a key with number 0', { projectId: P, key: 'SHOP-0' }],
      ['a key with a one-letter project', { projectId: P, key: 'S-1' }],
      ['a key with an 11-letter project', { projectId: P, key: 'ABCDEFGHIJK-1' }],
      ['a key with SQL', { projectId: P, key: "SHOP-1' OR 1=1" }],
    ],
  },
  'backlog.board.get.v1': {
    valid: [
      { projectId: P, track: 'PRODUCT', states: ['BACKLOG', 'STARTED'], kinds: ['FEATURE'], label: 'ux', owner: ID, text: text(BACKLOG_LIMITS.maxSearchTextLength), first: 200, after: 'c' },
      { projectId: P, track: 'DESIGN' },
    ],
    invalid: [
      ...page({ projectId: P, track: 'DESIGN' }, 200),
      ['no states', { projectId: P, track: 'DESIGN', states: [] }],
      ['a state twice', { projectId: P, track: 'DESIGN', states: ['ICEBOX', 'ICEBOX'] }],
      ['text empty', { projectId: P, track: 'DESIGN', text: '' }],
      ['text too long', { projectId: P, track: 'DESIGN', text: text(BACKLOG_LIMITS.maxSearchTextLength + 1) }],
    ],
  },
  'backlog.history.list.v1': {
    valid: [{ projectId: P, itemId: ID, order: 'OLDEST_FIRST', first: 200 }, { projectId: P, itemId: ID }],
    invalid: [...page({ projectId: P, itemId: ID }, 200), ['an unknown order', { projectId: P, itemId: ID, order: 'RANDOM' }]],
  },
  'backlog.track-settings.get.v1': { valid: [{ projectId: P }], invalid: [['projectId no UUID', { projectId: 'SHOP' }]] },
  'backlog.track-settings.set.v1': {
    valid: [{ projectId: P, track: 'DESIGN', estimateScale: 'TSHIRT' }],
    invalid: [['an unknown scale', { projectId: P, track: 'DESIGN', estimateScale: 'HOURS' }]],
  },
  'backlog.links.add.v1': {
    valid: [{ projectId: P, fromItemId: ID, toItemId: P, type: 'BLOCKS', expectedVersion: 1 }],
    invalid: [
      ['an unknown type', { projectId: P, fromItemId: ID, toItemId: P, type: 'DEPENDS_ON', expectedVersion: 1 }],
      ['a lower-case type', { projectId: P, fromItemId: ID, toItemId: P, type: 'blocks', expectedVersion: 1 }],
    ],
  },
  'backlog.links.remove.v1': {
    valid: [{ projectId: P, linkId: ID, expectedVersion: 4 }],
    invalid: [['linkId no UUID', { projectId: P, linkId: 'l1', expectedVersion: 4 }]],
  },
  'backlog.links.list.v1': {
    valid: [{ projectId: P, itemId: ID, includeRemoved: true }, { projectId: P, itemId: ID }],
    invalid: [['includeRemoved as text', { projectId: P, itemId: ID, includeRemoved: 'yes' }]],
  },
  'backlog.graph.get.v1': {
    valid: [
      { projectId: P, roots: [ID], depth: BACKLOG_LIMITS.graphDepth.max, direction: 'UPSTREAM', limit: BACKLOG_LIMITS.graphNodes.max },
      { projectId: P, track: 'DATA', states: ['STARTED'], depth: 1, direction: 'BOTH' },
    ],
    invalid: [
      ['depth 0', { projectId: P, roots: [ID], depth: 0 }],
      [`depth ${BACKLOG_LIMITS.graphDepth.max + 1}`, { projectId: P, roots: [ID], depth: BACKLOG_LIMITS.graphDepth.max + 1 }],
      ['a huge depth', { projectId: P, roots: [ID], depth: 1e9 }],
      ['limit 0', { projectId: P, roots: [ID], limit: 0 }],
      [`limit ${BACKLOG_LIMITS.graphNodes.max + 1}`, { projectId: P, roots: [ID], limit: BACKLOG_LIMITS.graphNodes.max + 1 }],
      ['no roots', { projectId: P, roots: [] }],
      ['too many roots', { projectId: P, roots: Array.from({ length: BACKLOG_LIMITS.maxGraphRoots + 1 }, (_, i) => `${ID.slice(0, 24)}${String(i).padStart(12, '0')}`) }],
      ['an unknown direction', { projectId: P, roots: [ID], direction: 'SIDEWAYS' }],
    ],
  },
  'governance.models.register.v1': {
    valid: [{ projectId: P, name: text(GOVERNANCE_LIMITS.maxNameLength), description: '', owner: 'risk team', riskLevel: 'HIGH' }],
    invalid: [
      ['unknown risk level', { projectId: P, name: 'm', description: '', owner: 'o', riskLevel: 'EXTREME' }],
      ['name too long', { projectId: P, name: text(GOVERNANCE_LIMITS.maxNameLength + 1), description: '', owner: 'o', riskLevel: 'HIGH' }],
      ['owner empty', { projectId: P, name: 'm', description: '', owner: '', riskLevel: 'HIGH' }],
      ['description too long', { projectId: P, name: 'm', description: text(GOVERNANCE_LIMITS.maxTextLength + 1), owner: 'o', riskLevel: 'HIGH' }],
    ],
  },
  'governance.model-versions.register.v1': {
    valid: [modelVersion, { ...modelVersion, specialCategoryGround: 'EXPLICIT_CONSENT', automatedDecisionBasis: null, features: [], retentionDays: 1 }],
    invalid: [
      ['digest in capitals', change(modelVersion, 'artifactDigest', SHA.toUpperCase())],
      ['digest without prefix', change(modelVersion, 'artifactDigest', SHA.slice(7))],
      ['negative rows', change(modelVersion, 'trainingDataset.rows', -1)],
      ['fractional rows', change(modelVersion, 'trainingDataset.rows', 1.5)],
      ['dataset source empty', change(modelVersion, 'trainingDataset.source', '')],
      ['dataset with an unknown field', change(modelVersion, 'trainingDataset.owner', 'x')],
      ['dataset without contentHash', change(modelVersion, 'trainingDataset', { name: 'n', version: 'v', rows: 1, source: 's' })],
      ['unknown sensitivity', change(modelVersion, 'features', [{ name: 'f', sensitivity: 'SECRET' }])],
      ['a feature with an unknown field', change(modelVersion, 'features', [{ name: 'f', sensitivity: 'NONE', type: 'int' }])],
      ['no purpose', change(modelVersion, 'purposes', [])],
      ['a purpose twice', change(modelVersion, 'purposes', ['a', 'a'])],
      ['too many purposes', change(modelVersion, 'purposes', Array.from({ length: 101 }, (_, i) => `p${i}`))],
      ['unknown legal basis', change(modelVersion, 'legalBasis', 'WHIM')],
      ['unknown special-category ground', change(modelVersion, 'specialCategoryGround', 'CURIOSITY')],
      ['unknown automated-decision basis', change(modelVersion, 'automatedDecisionBasis', 'CONSENT')],
      ['retention 0 days', change(modelVersion, 'retentionDays', 0)],
      ['retention over 100 years', change(modelVersion, 'retentionDays', 36_501)],
      ['a flag as text', change(modelVersion, 'humanReviewAvailable', 'yes')],
    ],
  },
  'governance.aliases.set.v1': {
    valid: [
      { projectId: P, modelId: ID, alias: `a${'b'.repeat(62)}`, versionId: ID, reason: 'promote', gateOverrideReason: null },
      { projectId: P, modelId: ID, alias: 'production', versionId: ID, reason: 'r', gateOverrideReason: 'audit next week' },
    ],
    invalid: [
      ['alias in capitals', { projectId: P, modelId: ID, alias: 'Production', versionId: ID, reason: 'r' }],
      ['alias starting with a digit', { projectId: P, modelId: ID, alias: '1st', versionId: ID, reason: 'r' }],
      ['alias too long', { projectId: P, modelId: ID, alias: `a${'b'.repeat(63)}`, versionId: ID, reason: 'r' }],
      ['reason empty', { projectId: P, modelId: ID, alias: 'p', versionId: ID, reason: '' }],
      ['override reason empty', { projectId: P, modelId: ID, alias: 'p', versionId: ID, reason: 'r', gateOverrideReason: '' }],
    ],
  },
  'governance.models.list.v1': { valid: [{ projectId: P, first: 200 }], invalid: page({ projectId: P }, 200) },
  'governance.model-versions.get.v1': { valid: [{ projectId: P, versionId: ID }], invalid: [['versionId no UUID', { projectId: P, versionId: 'v1' }]] },
  'governance.model-versions.list.v1': { valid: [{ projectId: P, modelId: ID, first: 200 }], invalid: page({ projectId: P, modelId: ID }, 200) },
  'governance.alias-moves.list.v1': { valid: [{ projectId: P, modelId: ID, after: 'c' }], invalid: page({ projectId: P, modelId: ID }, 200) },
  'governance.decisions.record.v1': {
    valid: [{ projectId: P, modelVersionId: ID, decisions: [{ rows: 'are checked one by one by the service' }, 42, null] }],
    invalid: [
      ['no decision', { projectId: P, modelVersionId: ID, decisions: [] }],
      ['too many decisions', { projectId: P, modelVersionId: ID, decisions: Array(GOVERNANCE_LIMITS.maxDecisionsPerCall + 1).fill({}) }],
      ['decisions not a list', { projectId: P, modelVersionId: ID, decisions: {} }],
    ],
  },
  'governance.outcomes.record.v1': {
    valid: [{ projectId: P, modelVersionId: ID, outcomes: ['rows are checked one by one'] }],
    invalid: [
      ['no outcome', { projectId: P, modelVersionId: ID, outcomes: [] }],
      ['too many outcomes', { projectId: P, modelVersionId: ID, outcomes: Array(GOVERNANCE_LIMITS.maxOutcomesPerCall + 1).fill({}) }],
    ],
  },
  'governance.decision-subject.erase.v1': {
    valid: [{ projectId: P, subjectRef: text(GOVERNANCE_LIMITS.maxIdLength), reason: 'Art. 17 request 42' }],
    invalid: [
      ['subjectRef empty', { projectId: P, subjectRef: '', reason: 'r' }],
      ['subjectRef too long', { projectId: P, subjectRef: text(GOVERNANCE_LIMITS.maxIdLength + 1), reason: 'r' }],
      ['reason empty', { projectId: P, subjectRef: 's', reason: '' }],
      ['reason too long', { projectId: P, subjectRef: 's', reason: text(GOVERNANCE_LIMITS.maxTextLength + 1) }],
    ],
  },
  'governance.rejected-decisions.list.v1': {
    valid: [{ projectId: P, first: 200, after: text(MAX_CURSOR_LENGTH) }, { projectId: P }],
    invalid: [...page({ projectId: P }, 200), ['projectId no UUID', { projectId: 'default' }]],
  },
  'governance.fairness-report.get.v1': {
    valid: [fairness, { ...fairness, attributes: ['sex'], referenceGroup: null, from: null, minGroupSize: 0 }],
    invalid: [
      ['no attribute', change(fairness, 'attributes', [])],
      ['five attributes', change(fairness, 'attributes', ['a', 'b', 'c', 'd', 'e'])],
      ['an attribute twice', change(fairness, 'attributes', ['a', 'a'])],
      ['a reference value that is a number', change(fairness, 'referenceGroup', { sex: 1 })],
      ['a reference value too long', change(fairness, 'referenceGroup', { sex: text(GOVERNANCE_LIMITS.maxNameLength + 1) })],
      ['a date without time', change(fairness, 'from', '2026-01-01')],
      ['negative minimum group size', change(fairness, 'minGroupSize', -1)],
      ['minimum group size over a billion', change(fairness, 'minGroupSize', 1_000_000_001)],
      ['positive outcome empty', change(fairness, 'positiveOutcome', '')],
    ],
  },
  'governance.rules.list.v1': { valid: [{}], invalid: [] },
  'governance.audits.run.v1': {
    valid: [audit, { projectId: P, modelVersionId: ID, from: audit.from, to: audit.to, ll144ExcludeUnder2Percent: {} }],
    invalid: [
      ['no rule', change(audit, 'rules', [])],
      ['a rule twice', change(audit, 'rules', ['a', 'a'])],
      ['from without time', change(audit, 'from', '2026-01-01')],
      ['justification empty', change(audit, 'll144ExcludeUnder2Percent.justification', '')],
      ['LL144 option with an unknown field', change(audit, 'll144ExcludeUnder2Percent.threshold', 0.02)],
      ['favorable outcome empty', change(audit, 'favorableOutcome', '')],
    ],
  },
  'governance.audits.list.v1': {
    valid: [{ projectId: P, modelVersionId: null, first: 100 }, { projectId: P, modelVersionId: ID }],
    invalid: [...page({ projectId: P }, 100), ['modelVersionId no UUID', { projectId: P, modelVersionId: 'v1' }]],
  },
  'governance.audit-trail.list.v1': { valid: [{ projectId: P, first: 1000 }], invalid: page({ projectId: P }, 1000) },
  'governance.audit-proof.get.v1': {
    valid: [{ projectId: P, seq: 0, treeSize: null, fromTreeSize: 1 }, { projectId: P, seq: 7, treeSize: 8 }],
    invalid: [
      ['negative seq', { projectId: P, seq: -1 }],
      ['seq as text', { projectId: P, seq: '1' }],
      ['tree size 0', { projectId: P, seq: 0, treeSize: 0 }],
      ['from tree size 0', { projectId: P, seq: 0, fromTreeSize: 0 }],
    ],
  },
  'governance.audit-public-key.get.v1': { valid: [{}], invalid: [] },
  'governance.audit-trail.export.v1': { valid: [{}], invalid: [['a project', { projectId: P }]] },
  'governance.decision-provenance.get.v1': {
    valid: [{ projectId: P, decisionId: text(GOVERNANCE_LIMITS.maxIdLength) }],
    invalid: [
      ['decisionId empty', { projectId: P, decisionId: '' }],
      ['decisionId too long', { projectId: P, decisionId: text(GOVERNANCE_LIMITS.maxIdLength + 1) }],
    ],
  },
  'governance.projects.adopt-unscoped.v1': { valid: [{ projectId: P }], invalid: [['projectId no UUID', { projectId: 'default' }]] },
};

const subjects = Object.keys(EXAMPLES) as RpcSubject[];
const accepts = (subject: RpcSubject, payload: unknown): boolean => strictValidator(RPC_REQUEST_SCHEMAS[subject])(payload) as boolean;

describe('RPC request schemas, by example', () => {
  it('has examples for every registered subject', () => {
    expect([...subjects].sort()).toEqual(Object.keys(RPC_REQUEST_SCHEMAS).sort());
  });

  describe.each(subjects)('%s', (subject) => {
    const { valid, invalid } = EXAMPLES[subject] as Examples<RpcSubject>;
    const full = valid[0] as Record<string, unknown>;
    const required = (RPC_REQUEST_SCHEMAS[subject] as { required?: string[] }).required ?? [];

    it.each(valid.map((payload, i) => [i, payload] as const))('accepts valid example %i', (_i, payload) => {
      expect(accepts(subject, payload)).toBe(true);
    });

    it('refuses the valid example without any one of its required fields, or with an unknown field', () => {
      for (const key of required) {
        const { [key]: _dropped, ...rest } = full;
        expect({ without: key, accepted: accepts(subject, rest) }).toEqual({ without: key, accepted: false });
      }
      expect(accepts(subject, { ...full, unexpected: 1 })).toBe(false);
      expect(accepts(subject, null)).toBe(false);
      expect(accepts(subject, [full])).toBe(false);
    });

    if (invalid.length > 0) {
      it.each(invalid)('refuses %s', (_why, payload) => {
        expect(accepts(subject, payload)).toBe(false);
      });
    }
  });
});
