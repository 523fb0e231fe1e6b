import { DomainError } from '@fulcrum/contracts';
import { summarizeFairness, type FairnessSummary } from './fairness-summary.calculator';
import {
  compareGroupValues,
  groupKey,
  groupLabel,
  groupMembers,
  missingAttributes,
  type GroupCounts,
  type GroupCountsTable,
  type GroupMember,
  type GroupValue,
} from './group-counts.model';
import { computeGroupRates, nullableDifference, safeRatio, type GroupRates } from './group-rates.calculator';

/**
 * Groups smaller than this are flagged `smallSample`. 30 is the usual rule of thumb below which a
 * rate's sampling error is too large to read much into a comparison (the normal approximation of
 * a proportion is poor; 29 CFR 1607.4(D) likewise discounts differences "based on small numbers").
 */
export const DEFAULT_MIN_GROUP_SIZE = 30;

export interface FairnessReportOptions {
  /** Stated in the conventions; must be the labels the counts were aggregated with. */
  favorableOutcome: string;
  positiveOutcome: string;
  positiveGroundTruth: string;
  /** Values of the reference group by attribute (all attributes; `null` = missing). Default: highest favorable rate. */
  referenceGroup?: Readonly<Record<string, GroupValue>>;
  /** Default {@link DEFAULT_MIN_GROUP_SIZE}. */
  minGroupSize?: number;
}

export type ReferenceChoice = 'GIVEN' | 'HIGHEST_FAVORABLE_RATE';

export interface ReferenceGroup {
  group: GroupMember[];
  label: string;
  chosenBy: ReferenceChoice;
}

/** A group's counts, rates and its comparison with the reference group (AIF360's signed convention). */
export interface GroupFairness extends GroupRates, Omit<GroupCounts, 'values'> {
  group: GroupMember[];
  label: string;
  /** Unambiguous identity: JSON of the values in attribute order. */
  key: string;
  isReference: boolean;
  /** Attributes the group's decisions lacked (non-empty → the "missing" group for those attributes). */
  missingAttributes: string[];
  /** selectionRate ÷ reference selectionRate (null when the reference rate is 0). */
  disparateImpact: number | null;
  /** selectionRate − reference selectionRate. */
  statisticalParityDifference: number | null;
  /** TPR − reference TPR. */
  equalOpportunityDifference: number | null;
  /** ((FPR − reference FPR) + (TPR − reference TPR)) / 2. */
  averageOddsDifference: number | null;
  /** n < minGroupSize. */
  smallSample: boolean;
}

export interface FairnessConventions {
  attributes: string[];
  favorableOutcome: string;
  positiveOutcome: string;
  positiveGroundTruth: string;
  referenceGroup: ReferenceGroup | null;
  minGroupSize: number;
  /** Plain-language statements of every convention the numbers follow. */
  statements: string[];
}

export interface FairnessReport {
  conventions: FairnessConventions;
  groups: GroupFairness[];
  summary: FairnessSummary;
  totals: { n: number; favorable: number; predictedPositive: number; labeled: number; groups: number };
  /** Things a reader must know: missing-attribute groups, small samples, an unusable reference. */
  warnings: string[];
}

/**
 * Metrics from per-group counts (pure; the counts come from SQL). Per group: rates, and AIF360's
 * signed comparisons with the reference group (group − reference, group ÷ reference). Overall:
 * Fairlearn's unsigned between-group summaries. Groups are reported in {@link compareGroupValues} order.
 */
export function computeFairnessReport(table: GroupCountsTable, options: FairnessReportOptions): FairnessReport {
  const attributes = [...table.attributes];
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  if (!Number.isInteger(minGroupSize) || minGroupSize < 0) {
    throw new DomainError('VALIDATION_FAILED', 'minGroupSize must be a non-negative integer', { minGroupSize });
  }
  for (const g of table.groups) {
    if (g.values.length !== attributes.length) {
      throw new DomainError('VALIDATION_FAILED', 'every group needs one value per attribute', { attributes, values: g.values });
    }
  }
  const groups = [...table.groups].sort((a, b) => compareGroupValues(a.values, b.values));
  const reference = chooseReference(attributes, groups, options.referenceGroup);
  const refRates = reference ? computeGroupRates(reference.counts) : null;
  const refKey = reference ? groupKey(reference.counts.values) : null;

  const rows: GroupFairness[] = groups.map((g) => {
    const rates = computeGroupRates(g);
    const key = groupKey(g.values);
    return {
      group: groupMembers(attributes, g.values),
      label: groupLabel(attributes, g.values),
      key,
      isReference: key === refKey,
      missingAttributes: missingAttributes(attributes, g.values),
      n: g.n,
      favorable: g.favorable,
      predictedPositive: g.predictedPositive,
      labeled: g.labeled,
      tp: g.tp,
      fp: g.fp,
      tn: g.tn,
      fn: g.fn,
      ...rates,
      disparateImpact: refRates && rates.selectionRate !== null && refRates.selectionRate !== null ? safeRatio(rates.selectionRate, refRates.selectionRate) : null,
      statisticalParityDifference: nullableDifference(rates.selectionRate, refRates?.selectionRate ?? null),
      equalOpportunityDifference: nullableDifference(rates.truePositiveRate, refRates?.truePositiveRate ?? null),
      averageOddsDifference: averageOdds(rates, refRates),
      smallSample: g.n < minGroupSize,
    };
  });

  const referenceGroup: ReferenceGroup | null = reference
    ? { group: groupMembers(attributes, reference.counts.values), label: groupLabel(attributes, reference.counts.values), chosenBy: reference.chosenBy }
    : null;
  return {
    conventions: {
      attributes,
      favorableOutcome: options.favorableOutcome,
      positiveOutcome: options.positiveOutcome,
      positiveGroundTruth: options.positiveGroundTruth,
      referenceGroup,
      minGroupSize,
      statements: conventionStatements(options, referenceGroup, minGroupSize),
    },
    groups: rows,
    summary: summarizeFairness(groups),
    totals: {
      n: sum(groups, (g) => g.n),
      favorable: sum(groups, (g) => g.favorable),
      predictedPositive: sum(groups, (g) => g.predictedPositive),
      labeled: sum(groups, (g) => g.labeled),
      groups: groups.length,
    },
    warnings: warningsFor(rows, minGroupSize),
  };
}

function averageOdds(rates: GroupRates, ref: GroupRates | null): number | null {
  const fpr = nullableDifference(rates.falsePositiveRate, ref?.falsePositiveRate ?? null);
  const tpr = nullableDifference(rates.truePositiveRate, ref?.truePositiveRate ?? null);
  return fpr === null || tpr === null ? null : (fpr + tpr) / 2;
}

function sum(groups: readonly GroupCounts[], f: (g: GroupCounts) => number): number {
  return groups.reduce((s, g) => s + f(g), 0);
}

interface ChosenReference {
  counts: GroupCounts;
  chosenBy: ReferenceChoice;
}

function chooseReference(
  attributes: readonly string[],
  groups: readonly GroupCounts[],
  given: Readonly<Record<string, GroupValue>> | undefined,
): ChosenReference | null {
  if (given !== undefined) {
    const names = Object.keys(given);
    const unknown = names.filter((n) => !attributes.includes(n));
    const absent = attributes.filter((a) => !Object.prototype.hasOwnProperty.call(given, a));
    if (unknown.length > 0 || absent.length > 0) {
      throw new DomainError('VALIDATION_FAILED', 'referenceGroup must give a value for exactly the report attributes', {
        attributes,
        unknownAttributes: unknown,
        missingAttributes: absent,
      });
    }
    const key = groupKey(attributes.map((a) => given[a] ?? null));
    const found = groups.find((g) => groupKey(g.values) === key);
    if (found) return { counts: found, chosenBy: 'GIVEN' };
    if (groups.length === 0) return null;
    throw new DomainError('VALIDATION_FAILED', 'referenceGroup has no decisions in the report', {
      referenceGroup: groupLabel(attributes, attributes.map((a) => given[a] ?? null)),
      groups: groups.map((g) => groupLabel(attributes, g.values)),
    });
  }
  // Default: the highest favorable rate among groups with every attribute known (a missing value
  // is not a category one could compare with), falling back to all groups; ties → larger n, then
  // the report order.
  const complete = groups.filter((g) => g.n > 0 && g.values.every((v) => v !== null));
  const candidates = complete.length > 0 ? complete : groups.filter((g) => g.n > 0);
  let best: GroupCounts | null = null;
  for (const g of candidates) {
    if (best === null) {
      best = g;
      continue;
    }
    // Compare favorable/n exactly: a/b > c/d ⇔ a·d > c·b (n > 0).
    const lhs = BigInt(g.favorable) * BigInt(best.n);
    const rhs = BigInt(best.favorable) * BigInt(g.n);
    if (lhs > rhs || (lhs === rhs && g.n > best.n)) best = g;
  }
  return best ? { counts: best, chosenBy: 'HIGHEST_FAVORABLE_RATE' } : null;
}

function conventionStatements(options: FairnessReportOptions, ref: ReferenceGroup | null, minGroupSize: number): string[] {
  const q = JSON.stringify;
  return [
    `Favorable outcome: outcome = ${q(options.favorableOutcome)}. selectionRate = favorable / n (the share of the group receiving the favorable outcome).`,
    `Positive class: predicted positive = outcome ${q(options.positiveOutcome)}; actual positive = ground truth ${q(options.positiveGroundTruth)}. ` +
      'Decisions without ground truth count in n and the selection rate but not in tp/fp/tn/fn (labeled = tp + fp + tn + fn).',
    'Rates: TPR = tp/(tp+fn), FPR = fp/(fp+tn), FNR = fn/(tp+fn), PPV = tp/(tp+fp); null when the denominator is 0.',
    ref
      ? ref.chosenBy === 'GIVEN'
        ? `Reference group: ${ref.label} (given by the caller).`
        : `Reference group: ${ref.label}, the group with the highest favorable rate (among groups with every attribute known; ties: larger n, then report order).`
      : 'Reference group: none (no decisions).',
    'Sign convention (AIF360): disparateImpact = selectionRate(group) / selectionRate(reference); statisticalParityDifference = selectionRate(group) − selectionRate(reference); ' +
      'equalOpportunityDifference = TPR(group) − TPR(reference); averageOddsDifference = ((FPR(group) − FPR(reference)) + (TPR(group) − TPR(reference))) / 2. ' +
      'Negative differences and ratios below 1 mean the group receives the favorable outcome (or the positive prediction) less often than the reference group.',
    'Summaries (Fairlearn, unsigned): demographic parity difference = max − min of the selection rates, ratio = min / max; ' +
      'equalized odds difference = max(TPR max − min, FPR max − min), ratio = min(TPR min/max, FPR min/max); over every group where the rate is defined.',
    `smallSample: n < ${minGroupSize}; rates of such groups are too noisy to compare reliably.`,
    'Decisions lacking a requested attribute (or holding JSON null) form their own group with value null, shown as "(missing)".',
  ];
}

function warningsFor(rows: readonly GroupFairness[], minGroupSize: number): string[] {
  const warnings: string[] = [];
  if (rows.length === 0) warnings.push('No decisions matched: every metric is undefined.');
  for (const r of rows) {
    if (r.missingAttributes.length > 0) warnings.push(`${r.n} decision(s) lack ${r.missingAttributes.join(', ')}: reported as group ${r.label}.`);
  }
  const small = rows.filter((r) => r.smallSample);
  if (small.length > 0) warnings.push(`${small.length} group(s) have fewer than ${minGroupSize} decisions: ${small.map((r) => r.label).join('; ')}.`);
  const ref = rows.find((r) => r.isReference);
  if (ref?.smallSample) warnings.push(`The reference group ${ref.label} is a small sample: every comparison with it is unstable.`);
  if (ref && ref.selectionRate === 0) warnings.push('The reference group has a selection rate of 0: disparateImpact is undefined (null).');
  if (rows.length > 0 && rows.every((r) => r.labeled === 0)) {
    warnings.push('No decision has a ground truth: TPR, FPR, FNR, PPV and the comparisons built on them are undefined (null).');
  } else if (ref && ref.truePositiveRate === null) {
    warnings.push('The reference group has no labeled actual positives: TPR comparisons are undefined (null).');
  }
  return warnings;
}
