/**
 * What each RPC request schema accepts and refuses, by example. The TypeBox schemas replaced
 * hand-written ones that were proven JSON-identical when converted; these examples pin the
 * accepted JSON from now on: the limits, formats, patterns, enums and nested shapes of every
 * request, with the boundary values on both sides. The table is keyed by subject, so a new RPC
 * does not compile without its examples.
 */
import { MAX_CURSOR_LENGTH } from '../pagination/page';
import { strictValidator } from '../json-schema/strict-ajv.testing';
import { GOVERNANCE_LIMITS } from '../governance/governance.enums';
import { INSIGHT_LIMITS, type PropertyFilter } from '../insights/insight-common';
import { SQL_QUERY_LIMITS } from '../insights/sql-query.rpc';
import { ANALYSIS_LIMITS } from '../insights/analyses.rpc';
import { FUNNEL_MAX_BREAKDOWN_VALUE_LENGTH } from '../insights/funnel.query';
import { PERSON_ERASURE_LIMITS } from '../persons/person-erasure.rpc';
import { MAX_PROJECT_IDS_FILTER, MAX_PROJECT_NAME_LENGTH } from './project.rpc';
import { WRITE_KEY_LIMITS } from './write-key.rpc';
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

const EXAMPLES: { [S in RpcSubject]: Examples<S> } = {
  'ingest.projects.create.v1': {
    valid: [{ name: text(MAX_PROJECT_NAME_LENGTH), timeZone: 'Europe/Berlin' }, { name: 'x' }],
    invalid: [
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
