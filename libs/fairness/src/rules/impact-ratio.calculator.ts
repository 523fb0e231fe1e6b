import { DEFAULT_MIN_GROUP_SIZE } from '../metrics/fairness-report.calculator';
import { compareGroupValues, groupLabel, groupMembers, type GroupCounts, type GroupCountsTable, type GroupMember } from '../metrics/group-counts.model';
import { safeRatio } from '../metrics/group-rates.calculator';

/** The four-fifths threshold (29 CFR 1607.4(D)); comparisons with it are done exactly on integers. */
export const FOUR_FIFTHS_THRESHOLD = 0.8;

export interface ImpactRatioCategory {
  group: GroupMember[];
  label: string;
  /** Decisions in the category. */
  n: number;
  /** Decisions with the favorable outcome ("selected"). */
  selected: number;
  /** selected / n. */
  selectionRate: number | null;
  /** selectionRate ÷ the highest category's selectionRate; null when excluded or undefined. */
  impactRatio: number | null;
  /** n ÷ the decisions with a known category (the data the ratios are computed on). */
  shareOfData: number | null;
  smallSample: boolean;
  /** Left out of the impact-ratio calculation (the < 2% exclusion); still reported. */
  excluded: boolean;
  /** impactRatio < 0.8, decided exactly: 5·selected·n(highest) < 4·selected(highest)·n. */
  belowFourFifths: boolean;
}

export interface ImpactRatioTable {
  attributes: string[];
  /** Every decision in the table. */
  totalN: number;
  /** Decisions with every attribute known (the calculation's data). */
  knownN: number;
  /** Decisions left out of the calculation because a category value is unknown (missing). */
  unknown: { n: number; selected: number; groups: string[] };
  /** Every known category, in report order (excluded ones included and flagged). */
  categories: ImpactRatioCategory[];
  /** The category with the highest selection rate (ties: larger n, then report order). */
  highest: { label: string; n: number; selected: number; selectionRate: number } | null;
  /** Why impact ratios could not be computed; null when they were. */
  undefinedReason: string | null;
}

export interface ImpactRatioOptions {
  minGroupSize?: number;
  /** Exclude categories with n < 2% of `knownN` (strictly less) from the calculation (NYC LL144, 6 RCNY § 5-301(d)). */
  excludeCategoriesUnder2Percent?: boolean;
}

/**
 * Selection rates and impact ratios (rate ÷ highest rate) of a table's categories, as EEOC's
 * four-fifths rule and NYC LL144 define them. Groups with a missing value are not categories: they
 * are counted in `unknown` and left out of the calculation (as LL144 requires to disclose).
 */
export function computeImpactRatioTable(table: GroupCountsTable, options: ImpactRatioOptions = {}): ImpactRatioTable {
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const attributes = [...table.attributes];
  const groups = [...table.groups].sort((a, b) => compareGroupValues(a.values, b.values));
  const known = groups.filter((g) => g.values.every((v) => v !== null));
  const unknownGroups = groups.filter((g) => g.values.some((v) => v === null));
  const totalN = sumBy(groups, (g) => g.n);
  const knownN = sumBy(known, (g) => g.n);
  const excludedGroups = new Set<GroupCounts>();
  if (options.excludeCategoriesUnder2Percent) {
    for (const g of known) if (50 * g.n < knownN) excludedGroups.add(g);
  }
  const candidates = known.filter((g) => !excludedGroups.has(g) && g.n > 0);
  let highest: GroupCounts | null = null;
  for (const g of candidates) {
    if (highest === null || rateGreater(g, highest) || (sameRate(g, highest) && g.n > highest.n)) highest = g;
  }
  let undefinedReason: string | null = null;
  if (knownN === 0) {
    undefinedReason =
      totalN === 0
        ? 'No decisions: there is nothing to compare.'
        : `No decision has a known value of ${attributes.join(' and ')}: impact ratios cannot be computed (${totalN} decision(s) in an unknown category).`;
  } else if (highest === null) {
    undefinedReason = 'Every category was excluded as under 2% of the data: impact ratios cannot be computed.';
  } else if (highest.favorable === 0) {
    undefinedReason = 'No category received the favorable outcome (highest selection rate is 0): impact ratios are 0 ÷ 0, undefined.';
  }
  const ratiosDefined = undefinedReason === null && highest !== null;
  const categories: ImpactRatioCategory[] = known.map((g) => {
    const excluded = excludedGroups.has(g);
    const rate = safeRatio(g.favorable, g.n);
    const usable = ratiosDefined && !excluded && highest !== null && rate !== null;
    const hRate = highest ? safeRatio(highest.favorable, highest.n) : null;
    return {
      group: groupMembers(attributes, g.values),
      label: groupLabel(attributes, g.values),
      n: g.n,
      selected: g.favorable,
      selectionRate: rate,
      impactRatio: usable && hRate !== null ? safeRatio(rate, hRate) : null,
      shareOfData: safeRatio(g.n, knownN),
      smallSample: g.n < minGroupSize,
      excluded,
      belowFourFifths: usable && highest !== null ? belowFourFifths(g, highest) : false,
    };
  });
  return {
    attributes,
    totalN,
    knownN,
    unknown: {
      n: sumBy(unknownGroups, (g) => g.n),
      selected: sumBy(unknownGroups, (g) => g.favorable),
      groups: unknownGroups.map((g) => groupLabel(attributes, g.values)),
    },
    categories,
    highest: highest
      ? { label: groupLabel(attributes, highest.values), n: highest.n, selected: highest.favorable, selectionRate: highest.favorable / highest.n }
      : null,
    undefinedReason,
  };
}

/** favorable_a / n_a > favorable_b / n_b, exactly (n > 0). */
function rateGreater(a: GroupCounts, b: GroupCounts): boolean {
  return BigInt(a.favorable) * BigInt(b.n) > BigInt(b.favorable) * BigInt(a.n);
}

function sameRate(a: GroupCounts, b: GroupCounts): boolean {
  return BigInt(a.favorable) * BigInt(b.n) === BigInt(b.favorable) * BigInt(a.n);
}

/** (sel_g / n_g) ÷ (sel_h / n_h) < 4/5 ⇔ 5·sel_g·n_h < 4·sel_h·n_g (exact; a ratio of exactly 0.8 passes). */
function belowFourFifths(g: GroupCounts, highest: GroupCounts): boolean {
  return 5n * BigInt(g.favorable) * BigInt(highest.n) < 4n * BigInt(highest.favorable) * BigInt(g.n);
}

function sumBy<T>(items: readonly T[], f: (t: T) => number): number {
  return items.reduce((s, t) => s + f(t), 0);
}
