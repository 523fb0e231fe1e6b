import {
  type BreakdownSpec,
  type BreakdownValueDto,
  type DateRange,
  DomainError,
  type FilterScalar,
  type InsightResultEnvelope,
  type PropertyFilter,
} from '@fulcrum/contracts';
import type { BreakdownInput, PropertyFilterInput } from './insight-common.input';
import type { BreakdownValue, InsightEnvelope } from './insight-common.model';
import type { WithoutNulls } from './strip-nulls';

/** Every insight request's common part: the project, its time zone and the data version asked for. */
export interface InsightRequestBasePart {
  projectId: string;
  timeZone: string;
  asOfDataVersion?: string;
}

export function toRequestBase(projectId: string, timeZone: string, asOfDataVersion: string | null | undefined): InsightRequestBasePart {
  return { projectId, timeZone, ...(asOfDataVersion !== null && asOfDataVersion !== undefined && { asOfDataVersion }) };
}

/** `from`/`to` on the GraphQL input are the contract's `dateRange`. */
export function toDateRange(input: { from: string; to: string }): DateRange {
  return { from: input.from, to: input.to };
}

export function toPropertyFilters(filters: Array<WithoutNulls<PropertyFilterInput>>, field: string): PropertyFilter[] {
  return filters.map((f, i) => toPropertyFilter(f, `${field}[${i}]`));
}

export function toPropertyFilter(f: WithoutNulls<PropertyFilterInput>, field: string): PropertyFilter {
  return {
    property: f.property,
    operator: f.operator,
    ...(f.value !== undefined && { value: toFilterValue(f.value, `${field}.value`) }),
    ...(f.type !== undefined && { type: f.type }),
  };
}

/**
 * The JSON `value` of a filter must be a string, number or boolean, or a flat list of them (for
 * IN). Anything else is refused here with the field named; the service checks the rest (which
 * operator takes which value, lengths, list sizes).
 */
function toFilterValue(value: unknown, field: string): FilterScalar | FilterScalar[] {
  if (isScalar(value)) return value;
  if (Array.isArray(value)) {
    const scalars = value.filter(isScalar);
    if (scalars.length === value.length) return scalars;
  }
  throw new DomainError('VALIDATION_FAILED', `${field} must be a string, a number, a boolean or a list of those.`, { field });
}

function isScalar(value: unknown): value is FilterScalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function toEnvelope(r: InsightResultEnvelope): InsightEnvelope {
  return { dataVersion: r.dataVersion, queryFingerprint: r.queryFingerprint, timeZone: r.timeZone };
}

export function toBreakdown(b: WithoutNulls<BreakdownInput>): BreakdownSpec {
  return { property: b.property, ...(b.limit !== undefined && { limit: b.limit }) };
}

export function toBreakdownValue(b: BreakdownValueDto | null): BreakdownValue | null {
  return b === null ? null : { value: b.value, other: b.other };
}
