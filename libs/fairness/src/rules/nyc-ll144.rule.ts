import { DomainError } from '@fulcrum/contracts';
import { marginalizeGroupCounts, type GroupCountsTable } from '../metrics/group-counts.model';
import { computeImpactRatioTable, FOUR_FIFTHS_THRESHOLD, type ImpactRatioTable } from './impact-ratio.calculator';
import type { RuleFinding, RuleStatus } from './rule-finding.model';

export const NYC_LL144_BIAS_AUDIT_RULE_ID = 'nyc-ll144-bias-audit';
export const NYC_LL144_BIAS_AUDIT_CITATION =
  'NYC Local Law 144 of 2021 (NYC Admin. Code §§ 20-870 to 20-874); DCWP rules 6 RCNY § 5-301(b) (selection rates and impact ratios for sex, race/ethnicity and intersectional categories; number of individuals in an unknown category) and § 5-301(d) (optional exclusion of categories under 2% of the data, with justification, number and rate disclosed)';
export const NYC_LL144_AUDIT_RECENCY_RULE_ID = 'nyc-ll144-audit-recency';
export const NYC_LL144_AUDIT_RECENCY_CITATION =
  'NYC Admin. Code § 20-871(a)(1) (bias audit conducted no more than one year prior to the use of the tool); 6 RCNY § 5-301(a)';

export const DEFAULT_EXCLUSION_JUSTIFICATION =
  'Category represents less than 2% of the data used for the bias audit; excluded from the impact-ratio calculation as 6 RCNY § 5-301(d) allows. Its number and selection rate are reported.';

export interface Ll144CategoryTable extends ImpactRatioTable {
  status: RuleStatus;
  reason: string;
}

export interface Ll144ExcludedCategory {
  table: 'sex' | 'raceEthnicity' | 'intersectional';
  label: string;
  n: number;
  selected: number;
  selectionRate: number | null;
  shareOfData: number | null;
}

export interface AuditRecencyEvidence {
  summary: string;
  auditDate: string;
  now: string;
  /** auditDate + 1 calendar year (UTC): the last instant the audit covers use. */
  validUntil: string;
  daysSinceAudit: number;
}

export interface NycLl144BiasAuditEvidence {
  summary: string;
  sexAttribute: string;
  raceEthnicityAttribute: string;
  sex: Ll144CategoryTable;
  raceEthnicity: Ll144CategoryTable;
  intersectional: Ll144CategoryTable;
  exclusion: {
    applied: boolean;
    /** How "under 2%" was decided. */
    basis: string;
    justification: string | null;
    excluded: Ll144ExcludedCategory[];
  };
  /** The law publishes ratios without a pass mark; this lib flags ratios under this value (EEOC four-fifths). */
  flagBelowImpactRatio: number;
  auditRecency: RuleFinding<AuditRecencyEvidence> | null;
}

export interface NycLl144BiasAuditInput {
  /** Counts grouped by (at least) the sex and race/ethnicity attributes, e.g. `fetchGroupCounts(…, attributes: [sex, race])`. */
  counts: GroupCountsTable;
  /** Which attribute holds sex (EEO-1 categories, e.g. Male / Female). */
  sexAttribute: string;
  /** Which attribute holds race/ethnicity. */
  raceEthnicityAttribute: string;
  /** Apply 6 RCNY § 5-301(d): leave categories under 2% out of the impact ratios (disclosed). Default false. */
  excludeCategoriesUnder2Percent?: boolean;
  /** Replaces {@link DEFAULT_EXCLUSION_JUSTIFICATION} in the disclosure. */
  exclusionJustification?: string;
  minGroupSize?: number;
  /** When given, the audit-recency check is run and folded in (a stale audit fails the rule). */
  audit?: { auditDate: Date | string; now: Date | string };
}

/**
 * NYC Local Law 144 bias audit for an AEDT that selects (binary outcome): selection rate and
 * impact ratio (rate ÷ highest rate) for every sex category, race/ethnicity category and their
 * intersection, derived exactly from one `sex × race` table of counts; the number of decisions in
 * an unknown category (left out of the calculations); optionally the < 2% exclusion, disclosed.
 *
 * The law sets no pass mark. Status per table: PASS when every ratio is computed and ≥ 0.8; WARN
 * when some ratio is below 0.8 (the EEOC four-fifths mark, flagged for the reviewer); FAIL when a
 * table cannot be produced because no decision has a known category; NOT_APPLICABLE when there is
 * no decision or nobody was selected. Overall: FAIL if any table fails (or the audit is stale);
 * else WARN if any table warns or only some tables were computable; NOT_APPLICABLE if none was.
 */
export function checkNycLl144BiasAudit(input: NycLl144BiasAuditInput): RuleFinding<NycLl144BiasAuditEvidence> {
  const { sexAttribute: sexAttr, raceEthnicityAttribute: raceAttr } = input;
  if (sexAttr === raceAttr) throw new DomainError('VALIDATION_FAILED', 'sexAttribute and raceEthnicityAttribute must differ', { sexAttr });
  for (const a of [sexAttr, raceAttr]) {
    if (!input.counts.attributes.includes(a)) {
      throw new DomainError('VALIDATION_FAILED', `the counts are not grouped by ${JSON.stringify(a)}`, { attributes: input.counts.attributes });
    }
  }
  const exclude = input.excludeCategoriesUnder2Percent ?? false;
  const options = { minGroupSize: input.minGroupSize, excludeCategoriesUnder2Percent: exclude };
  const sex = withStatus(computeImpactRatioTable(marginalizeGroupCounts(input.counts, [sexAttr]), options), 'sex');
  const raceEthnicity = withStatus(computeImpactRatioTable(marginalizeGroupCounts(input.counts, [raceAttr]), options), 'race/ethnicity');
  const intersectional = withStatus(computeImpactRatioTable(marginalizeGroupCounts(input.counts, [sexAttr, raceAttr]), options), 'intersectional');
  const tables = { sex, raceEthnicity, intersectional };

  const excluded: Ll144ExcludedCategory[] = [];
  for (const [name, t] of Object.entries(tables) as Array<[Ll144ExcludedCategory['table'], Ll144CategoryTable]>) {
    for (const c of t.categories) {
      if (c.excluded) excluded.push({ table: name, label: c.label, n: c.n, selected: c.selected, selectionRate: c.selectionRate, shareOfData: c.shareOfData });
    }
  }
  const auditRecency = input.audit ? checkNycLl144AuditRecency(input.audit) : null;

  const statuses = [sex.status, raceEthnicity.status, intersectional.status];
  let status: RuleStatus;
  if (statuses.includes('FAIL')) status = 'FAIL';
  else if (statuses.every((s) => s === 'NOT_APPLICABLE')) status = 'NOT_APPLICABLE';
  else if (statuses.includes('WARN') || statuses.includes('NOT_APPLICABLE')) status = 'WARN';
  else status = 'PASS';
  if (auditRecency?.status === 'FAIL') status = 'FAIL';

  const parts = [`sex: ${sex.status} (${sex.reason})`, `race/ethnicity: ${raceEthnicity.status} (${raceEthnicity.reason})`, `intersectional: ${intersectional.status} (${intersectional.reason})`];
  if (intersectional.unknown.n > 0) {
    parts.push(`unknown category: ${sex.unknown.n} decision(s) without ${sexAttr}, ${raceEthnicity.unknown.n} without ${raceAttr}, ${intersectional.unknown.n} left out of the intersectional table`);
  }
  if (excluded.length > 0) parts.push(`excluded as under 2%: ${excluded.map((e) => `${e.label} (n=${e.n}, rate ${fmt(e.selectionRate)})`).join('; ')}`);
  if (auditRecency) parts.push(`audit recency: ${auditRecency.status} (${auditRecency.evidence.summary})`);

  return {
    ruleId: NYC_LL144_BIAS_AUDIT_RULE_ID,
    citation: NYC_LL144_BIAS_AUDIT_CITATION,
    status,
    evidence: {
      summary: `${parts.join('. ')}.`,
      sexAttribute: sexAttr,
      raceEthnicityAttribute: raceAttr,
      sex,
      raceEthnicity,
      intersectional,
      exclusion: {
        applied: exclude,
        basis: 'A category is excluded when its decisions are strictly fewer than 2% of the decisions with a known category in the same table (sex, race/ethnicity, or intersectional).',
        justification: exclude ? (input.exclusionJustification ?? DEFAULT_EXCLUSION_JUSTIFICATION) : null,
        excluded,
      },
      flagBelowImpactRatio: FOUR_FIFTHS_THRESHOLD,
      auditRecency,
    },
  };
}

/**
 * The bias audit must be no more than one year old when the tool is used: PASS when
 * auditDate ≤ now ≤ auditDate + 1 calendar year (UTC; a 29 February audit runs to 1 March), FAIL
 * when older, and FAIL for an audit dated in the future (not a real audit date).
 */
export function checkNycLl144AuditRecency(input: { auditDate: Date | string; now: Date | string }): RuleFinding<AuditRecencyEvidence> {
  const auditDate = toDate(input.auditDate, 'auditDate');
  const now = toDate(input.now, 'now');
  const validUntil = new Date(auditDate.getTime());
  validUntil.setUTCFullYear(validUntil.getUTCFullYear() + 1);
  const daysSinceAudit = Math.floor((now.getTime() - auditDate.getTime()) / 86_400_000);
  let status: RuleStatus;
  let summary: string;
  if (auditDate.getTime() > now.getTime()) {
    status = 'FAIL';
    summary = `The audit date ${auditDate.toISOString()} is after ${now.toISOString()}.`;
  } else if (now.getTime() > validUntil.getTime()) {
    status = 'FAIL';
    summary = `The bias audit of ${auditDate.toISOString()} is more than one year old (${daysSinceAudit} days); it covered use only until ${validUntil.toISOString()}.`;
  } else {
    status = 'PASS';
    summary = `The bias audit of ${auditDate.toISOString()} is ${daysSinceAudit} day(s) old; it covers use until ${validUntil.toISOString()}.`;
  }
  return {
    ruleId: NYC_LL144_AUDIT_RECENCY_RULE_ID,
    citation: NYC_LL144_AUDIT_RECENCY_CITATION,
    status,
    evidence: { summary, auditDate: auditDate.toISOString(), now: now.toISOString(), validUntil: validUntil.toISOString(), daysSinceAudit },
  };
}

function withStatus(table: ImpactRatioTable, name: string): Ll144CategoryTable {
  if (table.undefinedReason !== null) {
    const missingData = table.totalN > 0 && table.knownN === 0;
    return { ...table, status: missingData ? 'FAIL' : 'NOT_APPLICABLE', reason: table.undefinedReason };
  }
  const compared = table.categories.filter((c) => !c.excluded && c.impactRatio !== null);
  const lowest = compared.reduce<(typeof compared)[number] | null>((lo, c) => (lo === null || (c.impactRatio ?? 1) < (lo.impactRatio ?? 1) ? c : lo), null);
  const below = compared.filter((c) => c.belowFourFifths);
  const head = `${compared.length} ${name} categor${compared.length === 1 ? 'y' : 'ies'}, highest rate ${table.highest?.label} ${fmt(table.highest?.selectionRate ?? null)}`;
  if (below.length > 0) {
    return { ...table, status: 'WARN', reason: `${head}; impact ratio below 0.8: ${below.map((c) => `${c.label} ${fmt(c.impactRatio)}${c.smallSample ? ' (small sample)' : ''}`).join('; ')}` };
  }
  return { ...table, status: 'PASS', reason: `${head}; lowest impact ratio ${lowest ? `${lowest.label} ${fmt(lowest.impactRatio)}` : 'n/a'}` };
}

function fmt(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(4);
}

function toDate(value: Date | string, name: string): Date {
  const d = value instanceof Date ? new Date(value.getTime()) : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) throw new DomainError('VALIDATION_FAILED', `${name} must be a date`, { [name]: String(value) });
  return d;
}
