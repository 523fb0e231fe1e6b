import {
  CONVERSION_WINDOW_UNITS,
  type ConversionWindowUnit,
  DomainError,
  FUNNEL_ATTRIBUTIONS,
  FUNNEL_DEFAULTS,
  FUNNEL_MAX_BREAKDOWN_VALUE_LENGTH,
  FUNNEL_ORDERS,
  FUNNEL_PERSON_STATUSES,
  type FunnelAttribution,
  type FunnelOrder,
  type FunnelPersonStatus,
  type FunnelPersonsQuery,
  type FunnelQuery,
  INSIGHT_LIMITS,
  MAX_CONVERSION_WINDOW_VALUE,
  type PropertyFilter,
} from '@fulcrum/contracts';
import { assertValidFilters } from '../core/property-filter.sql';

/** Microseconds per conversion window unit (elapsed time: a DAY is always 24 h). */
const UNIT_US: Record<ConversionWindowUnit, bigint> = {
  MINUTE: 60_000_000n,
  HOUR: 3_600_000_000n,
  DAY: 86_400_000_000n,
  WEEK: 604_800_000_000n,
};

export interface FunnelStepPlan {
  event: string;
  filters: PropertyFilter[];
}

export interface FunnelExclusionPlan extends FunnelStepPlan {
  fromStep: number;
  toStep: number;
}

/** A validated funnel query with every default applied. */
export interface FunnelPlan {
  steps: FunnelStepPlan[];
  dateRange: { from: string; to: string };
  /** Conversion window in microseconds (inclusive). */
  windowUs: bigint;
  order: FunnelOrder;
  filters: PropertyFilter[];
  exclusions: FunnelExclusionPlan[];
  breakdown: { property: string; limit: number; attribution: FunnelAttribution } | null;
}

export interface FunnelPersonsPlan {
  step: number;
  status: FunnelPersonStatus;
  limit: number;
  after: string | null;
  breakdownValue: { value: string | null; other: boolean } | null;
}

/** Checks what JSON Schema cannot (and re-checks what it can: the engine may be called directly), and applies defaults. */
export function planFunnel(query: FunnelQuery): FunnelPlan {
  if (query === null || typeof query !== 'object') throw invalid('query', 'query must be an object.');
  const steps = query.steps;
  if (!Array.isArray(steps) || steps.length < INSIGHT_LIMITS.minFunnelSteps || steps.length > INSIGHT_LIMITS.maxFunnelSteps) {
    throw invalid('query.steps', `A funnel needs ${INSIGHT_LIMITS.minFunnelSteps} to ${INSIGHT_LIMITS.maxFunnelSteps} steps.`);
  }
  const stepPlans = steps.map((s, i) => stepPlan(s, `query.steps[${i}]`));

  const range = query.dateRange;
  if (range === null || typeof range !== 'object' || typeof range.from !== 'string' || typeof range.to !== 'string') {
    throw invalid('query.dateRange', 'query.dateRange needs from and to (YYYY-MM-DD or an ISO-8601 instant).');
  }

  const window = query.conversionWindow ?? FUNNEL_DEFAULTS.conversionWindow;
  if (window === null || typeof window !== 'object') throw invalid('query.conversionWindow', 'query.conversionWindow must be { value, unit }.');
  if (!Number.isInteger(window.value) || window.value < 1 || window.value > MAX_CONVERSION_WINDOW_VALUE) {
    throw invalid('query.conversionWindow.value', `query.conversionWindow.value must be an integer from 1 to ${MAX_CONVERSION_WINDOW_VALUE}.`);
  }
  if (!(CONVERSION_WINDOW_UNITS as readonly unknown[]).includes(window.unit)) {
    throw invalid('query.conversionWindow.unit', `query.conversionWindow.unit must be one of ${CONVERSION_WINDOW_UNITS.join(', ')}.`);
  }

  const order = query.order ?? FUNNEL_DEFAULTS.order;
  if (!(FUNNEL_ORDERS as readonly unknown[]).includes(order)) throw invalid('query.order', `query.order must be one of ${FUNNEL_ORDERS.join(', ')}.`);
  if (order === 'ANY') {
    const seen = new Map<string, number>();
    stepPlans.forEach((s, i) => {
      const first = seen.get(s.event);
      if (first !== undefined) {
        throw invalid(`query.steps[${i}].event`, `An ANY-order funnel needs different step events: steps ${first} and ${i} are both ${JSON.stringify(s.event)}.`);
      }
      seen.set(s.event, i);
    });
  }

  const filters = filtersOf(query.filters, 'query.filters');

  const exclusions = query.exclusions ?? [];
  if (!Array.isArray(exclusions) || exclusions.length > INSIGHT_LIMITS.maxFilters) {
    throw invalid('query.exclusions', `query.exclusions: at most ${INSIGHT_LIMITS.maxFilters} exclusions.`);
  }
  if (exclusions.length > 0 && order !== 'ORDERED') {
    const why = order === 'STRICT' ? 'a STRICT funnel has no event between two steps, so an exclusion could never apply' : 'exclusions are defined between ordered steps';
    throw invalid('query.exclusions', `Exclusions are supported for ORDERED funnels only (${why}).`);
  }
  const exclusionPlans = exclusions.map((x, i) => {
    const at = `query.exclusions[${i}]`;
    const base = stepPlan(x, at);
    if (!Number.isInteger(x.fromStep) || x.fromStep < 0 || x.fromStep >= stepPlans.length) {
      throw invalid(`${at}.fromStep`, `${at}.fromStep must be a step index from 0 to ${stepPlans.length - 1}.`);
    }
    if (!Number.isInteger(x.toStep) || x.toStep < 0 || x.toStep >= stepPlans.length) {
      throw invalid(`${at}.toStep`, `${at}.toStep must be a step index from 0 to ${stepPlans.length - 1}.`);
    }
    if (x.fromStep >= x.toStep) throw invalid(`${at}.toStep`, `${at}: fromStep (${x.fromStep}) must be before toStep (${x.toStep}).`);
    return { ...base, fromStep: x.fromStep, toStep: x.toStep };
  });

  let breakdown: FunnelPlan['breakdown'] = null;
  if (query.breakdown !== undefined) {
    const b = query.breakdown;
    if (b === null || typeof b !== 'object') throw invalid('query.breakdown', 'query.breakdown must be an object.');
    if (!isName(b.property, INSIGHT_LIMITS.maxPropertyNameLength)) {
      throw invalid('query.breakdown.property', `query.breakdown.property must be a key of 1 to ${INSIGHT_LIMITS.maxPropertyNameLength} characters.`);
    }
    const limit = b.limit ?? INSIGHT_LIMITS.defaultBreakdownLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > INSIGHT_LIMITS.maxBreakdownLimit) {
      throw invalid('query.breakdown.limit', `query.breakdown.limit must be an integer from 1 to ${INSIGHT_LIMITS.maxBreakdownLimit}.`);
    }
    const attribution = b.attribution ?? FUNNEL_DEFAULTS.attribution;
    if (!(FUNNEL_ATTRIBUTIONS as readonly unknown[]).includes(attribution)) {
      throw invalid('query.breakdown.attribution', `query.breakdown.attribution must be one of ${FUNNEL_ATTRIBUTIONS.join(', ')}.`);
    }
    breakdown = { property: b.property, limit, attribution };
  }

  return {
    steps: stepPlans,
    dateRange: { from: range.from, to: range.to },
    windowUs: BigInt(window.value) * UNIT_US[window.unit],
    order,
    filters,
    exclusions: exclusionPlans,
    breakdown,
  };
}

/** The persons part of a persons query (after `planFunnel` of the same query). */
export function planFunnelPersons(query: FunnelPersonsQuery, plan: FunnelPlan): FunnelPersonsPlan {
  const at = query.personsAt;
  if (at === null || typeof at !== 'object') throw invalid('query.personsAt', 'query.personsAt must be { step, status, limit?, after?, breakdownValue? }.');
  const last = plan.steps.length - 1;
  if (!Number.isInteger(at.step) || at.step < 0 || at.step > last) {
    throw invalid('query.personsAt.step', `query.personsAt.step must be a step index from 0 to ${last}.`);
  }
  if (!(FUNNEL_PERSON_STATUSES as readonly unknown[]).includes(at.status)) {
    throw invalid('query.personsAt.status', `query.personsAt.status must be one of ${FUNNEL_PERSON_STATUSES.join(', ')}.`);
  }
  if (at.status === 'DROPPED' && at.step === last) {
    throw invalid('query.personsAt.step', `Nobody drops off at the last step (${last}): use REACHED for the persons who completed the funnel.`);
  }
  const limit = at.limit ?? FUNNEL_DEFAULTS.personsLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > INSIGHT_LIMITS.maxPageSize) {
    throw invalid('query.personsAt.limit', `query.personsAt.limit must be an integer from 1 to ${INSIGHT_LIMITS.maxPageSize}.`);
  }
  if (at.after !== undefined && (typeof at.after !== 'string' || at.after.length === 0)) {
    throw invalid('query.personsAt.after', 'query.personsAt.after must be the nextCursor of a previous page.');
  }
  let breakdownValue: FunnelPersonsPlan['breakdownValue'] = null;
  if (at.breakdownValue !== undefined) {
    const bv = at.breakdownValue;
    if (plan.breakdown === null) throw invalid('query.personsAt.breakdownValue', 'query.personsAt.breakdownValue needs query.breakdown.');
    if (bv === null || typeof bv !== 'object' || typeof bv.other !== 'boolean') {
      throw invalid('query.personsAt.breakdownValue', 'query.personsAt.breakdownValue must be { value, other }.');
    }
    if (bv.value !== null && (typeof bv.value !== 'string' || bv.value.length > FUNNEL_MAX_BREAKDOWN_VALUE_LENGTH)) {
      throw invalid('query.personsAt.breakdownValue.value', 'query.personsAt.breakdownValue.value must be a string or null.');
    }
    if (bv.other && bv.value !== null) {
      throw invalid('query.personsAt.breakdownValue.value', 'The "other" breakdown row has no value: send { value: null, other: true }.');
    }
    breakdownValue = { value: bv.value, other: bv.other };
  }
  return { step: at.step, status: at.status, limit, after: at.after ?? null, breakdownValue };
}

function stepPlan(s: { event: string; filters?: PropertyFilter[] }, at: string): FunnelStepPlan {
  if (s === null || typeof s !== 'object') throw invalid(at, `${at} must be an object with an event.`);
  if (!isName(s.event, INSIGHT_LIMITS.maxEventNameLength)) {
    throw invalid(`${at}.event`, `${at}.event must be an event name of 1 to ${INSIGHT_LIMITS.maxEventNameLength} characters.`);
  }
  return { event: s.event, filters: filtersOf(s.filters, `${at}.filters`) };
}

function filtersOf(filters: PropertyFilter[] | undefined, field: string): PropertyFilter[] {
  if (filters === undefined) return [];
  if (!Array.isArray(filters) || filters.length > INSIGHT_LIMITS.maxFilters) throw invalid(field, `${field}: at most ${INSIGHT_LIMITS.maxFilters} filters.`);
  filters.forEach((f, i) => {
    if (f === null || typeof f !== 'object' || !isName(f.property, INSIGHT_LIMITS.maxPropertyNameLength)) {
      throw invalid(`${field}[${i}].property`, `${field}[${i}].property must be a key of 1 to ${INSIGHT_LIMITS.maxPropertyNameLength} characters.`);
    }
  });
  assertValidFilters(filters, field);
  return filters;
}

function isName(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= max;
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { field });
}
