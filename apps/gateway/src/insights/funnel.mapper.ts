import type {
  FunnelExclusionSpec,
  FunnelPersonsQuery,
  FunnelPersonsReply,
  FunnelQuery,
  FunnelReply,
  FunnelStepResultDto,
  FunnelStepSpec,
} from '@fulcrum/contracts';
import type { BreakdownValueInput, FunnelBreakdownInput, FunnelExclusionInput, FunnelInput, FunnelStepInput } from './funnel.input';
import type { FunnelPersonsResult, FunnelResult, FunnelStep } from './funnel.model';
import { toDateRange, toEnvelope, toPropertyFilters } from './insight-common.mapper';
import type { WithoutNulls } from './strip-nulls';

/** `at` prefixes the field names of validation errors (e.g. `insight.funnel.` inside saveAnalysis). */
export function toFunnelQuery(input: WithoutNulls<FunnelInput>, at = ''): FunnelQuery {
  return {
    steps: input.steps.map((s, i) => toStep(s, `${at}steps[${i}].`)),
    dateRange: toDateRange(input),
    ...(input.conversionWindow && { conversionWindow: { value: input.conversionWindow.value, unit: input.conversionWindow.unit } }),
    ...(input.order !== undefined && { order: input.order }),
    ...(input.filters && { filters: toPropertyFilters(input.filters, `${at}filters`) }),
    ...(input.exclusions && { exclusions: input.exclusions.map((e, i) => toExclusion(e, `${at}exclusions[${i}].`)) }),
    ...(input.breakdown && { breakdown: toFunnelBreakdown(input.breakdown) }),
  };
}

function toStep(s: WithoutNulls<FunnelStepInput>, at: string): FunnelStepSpec {
  return { event: s.event, ...(s.filters && { filters: toPropertyFilters(s.filters, `${at}filters`) }) };
}

function toExclusion(e: WithoutNulls<FunnelExclusionInput>, at: string): FunnelExclusionSpec {
  return { event: e.event, ...(e.filters && { filters: toPropertyFilters(e.filters, `${at}filters`) }), fromStep: e.fromStep, toStep: e.toStep };
}

function toFunnelBreakdown(b: WithoutNulls<FunnelBreakdownInput>): NonNullable<FunnelQuery['breakdown']> {
  return {
    property: b.property,
    ...(b.limit !== undefined && { limit: b.limit }),
    ...(b.attribution !== undefined && { attribution: b.attribution }),
  };
}

export interface FunnelPersonsPage {
  step: number;
  status: FunnelPersonsQuery['personsAt']['status'];
  first?: number;
  after?: string;
  breakdownValue?: WithoutNulls<BreakdownValueInput>;
}

export function toFunnelPersonsQuery(input: WithoutNulls<FunnelInput>, page: FunnelPersonsPage): FunnelPersonsQuery {
  const { step, status, first, after, breakdownValue } = page;
  return {
    ...toFunnelQuery(input),
    personsAt: {
      step,
      status,
      ...(first !== undefined && { limit: first }),
      ...(after !== undefined && { after }),
      // Both keys are required by the contract: an absent value is "not set" (null), not "any".
      ...(breakdownValue && { breakdownValue: { value: breakdownValue.value ?? null, other: breakdownValue.other ?? false } }),
    },
  };
}

export function toFunnelResult(r: FunnelReply): FunnelResult {
  return {
    ...toEnvelope(r),
    steps: r.steps.map(toFunnelStep),
    breakdowns: r.breakdowns.map((b) => ({ value: b.value, other: b.other, steps: b.steps.map(toFunnelStep) })),
  };
}

function toFunnelStep(s: FunnelStepResultDto): FunnelStep {
  return {
    index: s.index,
    event: s.event,
    count: s.count,
    conversionRate: s.conversionRateFromFirst,
    conversionRateFromPrevious: s.conversionRateFromPrevious,
    medianTimeToConvertSeconds: s.medianTimeToConvertSeconds,
    averageTimeToConvertSeconds: s.averageTimeToConvertSeconds,
    droppedOff: s.droppedOff,
  };
}

export function toFunnelPersonsResult(r: FunnelPersonsReply): FunnelPersonsResult {
  // The analytics service pages by person id: a person's id is the cursor after it.
  const edges = r.persons.map((person) => ({ cursor: person, node: person }));
  return {
    ...toEnvelope(r),
    step: r.step,
    status: r.status,
    totalCount: r.total,
    edges,
    nodes: r.persons,
    pageInfo: { hasNextPage: r.nextCursor !== null, hasPreviousPage: false, startCursor: r.persons[0] ?? null, endCursor: r.nextCursor ?? r.persons[r.persons.length - 1] ?? null },
  };
}
