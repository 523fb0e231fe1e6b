import { DEFAULT_MIN_GROUP_SIZE } from '../metrics/fairness-report.calculator';
import type { GroupCountsTable } from '../metrics/group-counts.model';
import { computeImpactRatioTable, FOUR_FIFTHS_THRESHOLD, type ImpactRatioTable } from './impact-ratio.calculator';
import type { RuleFinding, RuleStatus } from './rule-finding.model';

export const FOUR_FIFTHS_RULE_ID = 'eeoc-four-fifths';
export const FOUR_FIFTHS_CITATION =
  '29 CFR 1607.4(D) (EEOC Uniform Guidelines on Employee Selection Procedures: a selection rate for any race, sex or ethnic group less than four-fifths of the rate for the group with the highest rate is generally regarded as evidence of adverse impact)';

export interface FourFifthsEvidence {
  summary: string;
  threshold: number;
  /** Categories, their selection rates and impact ratios (rate ÷ highest rate). */
  table: ImpactRatioTable;
  /** Categories below 0.8 where neither side of the comparison is a small sample. */
  failing: string[];
  /** Categories below 0.8 where the category or the highest-rate category is a small sample. */
  failingSmallSample: string[];
}

export interface FourFifthsOptions {
  /** Categories with fewer decisions are small samples (default 30). */
  minGroupSize?: number;
}

/**
 * EEOC four-fifths rule on one table of counts (one attribute, or an intersection). Impact ratio =
 * a category's selection rate ÷ the highest category's rate. FAIL when some category is below 0.8
 * (exactly 0.8 passes); WARN instead when every such comparison involves a small sample (the
 * category or the highest-rate category: 1607.4(D) discounts differences "based on small
 * numbers"); NOT_APPLICABLE with fewer than two known categories or when nobody was selected.
 * Decisions with a missing value are reported in `table.unknown` and left out.
 */
export function checkFourFifthsRule(counts: GroupCountsTable, options: FourFifthsOptions = {}): RuleFinding<FourFifthsEvidence> {
  const table = computeImpactRatioTable(counts, { minGroupSize: options.minGroupSize });
  const finding = (status: RuleStatus, summary: string, failing: string[] = [], failingSmallSample: string[] = []): RuleFinding<FourFifthsEvidence> => ({
    ruleId: FOUR_FIFTHS_RULE_ID,
    citation: FOUR_FIFTHS_CITATION,
    status,
    evidence: { summary: withUnknown(summary, table), threshold: FOUR_FIFTHS_THRESHOLD, table, failing, failingSmallSample },
  });
  if (table.undefinedReason !== null) return finding('NOT_APPLICABLE', table.undefinedReason);
  const compared = table.categories.filter((c) => !c.excluded);
  if (compared.length < 2) {
    return finding('NOT_APPLICABLE', `Only ${compared.length} category with a known ${table.attributes.join(' × ')}: the rule compares at least two.`);
  }
  const highest = table.highest;
  const highestSmall = highest !== null && table.categories.some((c) => c.label === highest.label && c.smallSample);
  const below = compared.filter((c) => c.belowFourFifths);
  const failing = below.filter((c) => !c.smallSample && !highestSmall).map((c) => c.label);
  const failingSmallSample = below.filter((c) => c.smallSample || highestSmall).map((c) => c.label);
  const fmt = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(4));
  const list = below.map((c) => `${c.label} ${fmt(c.impactRatio)} (n=${c.n})`).join('; ');
  const head = `Highest selection rate: ${highest?.label} ${fmt(highest?.selectionRate ?? null)} (n=${highest?.n}).`;
  if (below.length === 0) return finding('PASS', `${head} Every impact ratio is at least 0.8.`);
  if (failing.length > 0) return finding('FAIL', `${head} Impact ratio below 0.8: ${list}.`, failing, failingSmallSample);
  return finding(
    'WARN',
    `${head} Impact ratio below 0.8 only in comparisons involving a small sample (n < ${options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE}${highestSmall ? ', including the highest-rate category' : ''}): ${list}.`,
    failing,
    failingSmallSample,
  );
}

function withUnknown(summary: string, table: ImpactRatioTable): string {
  return table.unknown.n > 0 && table.knownN > 0 ? `${summary} ${table.unknown.n} decision(s) with an unknown category were left out.` : summary;
}
