import {
  type GroupCountsTable,
  type RuleStatus,
  checkFourFifthsRule,
  checkNycLl144AuditRecency,
  checkNycLl144BiasAudit,
  worstStatus,
} from '@fulcrum/fairness';
import type { RuleOutcome } from './rule-outcome.model';

// The count-based fairness rules of `@fulcrum/fairness`, applied the way an audit needs them:
// which attributes mean sex and race/ethnicity, which outcome is favorable, and the evidence.

/**
 * Outcome labels taken as favorable to the subject when the audit has to find the favorable
 * outcome itself (RunAuditRequest carries none and the registry records none). Compared after
 * trimming, case-insensitively.
 */
export const FAVORABLE_OUTCOME_WORDS: readonly string[] = [
  'approve',
  'approved',
  'accept',
  'accepted',
  'hire',
  'hired',
  'select',
  'selected',
  'advance',
  'advanced',
  'offer',
  'offered',
  'grant',
  'granted',
  'pass',
  'passed',
  'shortlist',
  'shortlisted',
  'interview',
  'eligible',
];

export type FavorableOutcome = { outcome: string; basis: string } | { outcome: null; reason: string; outcomesSeen: Array<{ outcome: string; n: number }> };

/**
 * The favorable outcome of the audited decisions: the single label among those seen that is a
 * known favorable word. None, or several different ones, leaves it undetermined (the fairness rules
 * are then NOT_APPLICABLE with the labels seen), rather than guessing.
 */
export function findFavorableOutcome(outcomesSeen: ReadonlyArray<{ outcome: string; n: number }>): FavorableOutcome {
  const words = new Set(FAVORABLE_OUTCOME_WORDS);
  const matches = outcomesSeen.filter((o) => words.has(o.outcome.trim().toLowerCase()));
  if (matches.length === 1) {
    return { outcome: matches[0].outcome, basis: `"${matches[0].outcome}" is the only outcome label in the range that is a known favorable word (${FAVORABLE_OUTCOME_WORDS.join(', ')}).` };
  }
  const reason =
    outcomesSeen.length === 0
      ? 'No decisions in the audited range.'
      : matches.length === 0
        ? `None of the outcome labels in the range is a known favorable word (${FAVORABLE_OUTCOME_WORDS.join(', ')}): the favorable outcome cannot be determined.`
        : `Several outcome labels in the range are favorable words (${matches.map((m) => JSON.stringify(m.outcome)).join(', ')}): the favorable outcome is ambiguous.`;
  return { outcome: null, reason, outcomesSeen: [...outcomesSeen] };
}

/** The first candidate name that some decision in the range carries (candidates in priority order). */
export function pickAttribute(candidates: readonly string[], presence: ReadonlyMap<string, number>): { attribute: string | null; decisions: number; present: string[] } {
  const present = candidates.filter((c) => (presence.get(c) ?? 0) > 0);
  const attribute = present[0] ?? null;
  return { attribute, decisions: attribute === null ? 0 : (presence.get(attribute) ?? 0), present };
}

export interface ProtectedAttributes {
  sex: string | null;
  raceEthnicity: string | null;
}

/** EEOC four-fifths per protected attribute (sex, race/ethnicity), each from its own counts table; the finding is the worst. */
export function fourFifthsOutcome(favorable: FavorableOutcome, attributes: ProtectedAttributes, tables: ReadonlyArray<{ role: 'sex' | 'raceEthnicity'; counts: GroupCountsTable }>): RuleOutcome {
  if (favorable.outcome === null) {
    return { status: 'NOT_APPLICABLE', summary: favorable.reason, evidence: { favorableOutcome: null, outcomesSeen: favorable.outcomesSeen, attributes } };
  }
  if (tables.length === 0) {
    return {
      status: 'NOT_APPLICABLE',
      summary: 'No decision in the range carries a sex or race/ethnicity attribute: there are no groups to compare.',
      evidence: { favorableOutcome: favorable.outcome, favorableOutcomeBasis: favorable.basis, attributes },
    };
  }
  const findings = tables.map((t) => ({ role: t.role, attribute: t.counts.attributes[0], finding: checkFourFifthsRule(t.counts) }));
  const status = worstStatus(findings.map((f) => f.finding.status));
  return {
    status,
    summary: findings.map((f) => `${f.attribute}: ${f.finding.status} — ${f.finding.evidence.summary}`).join(' '),
    evidence: {
      favorableOutcome: favorable.outcome,
      favorableOutcomeBasis: favorable.basis,
      attributes,
      perAttribute: findings.map((f) => ({ role: f.role, attribute: f.attribute, status: f.finding.status, evidence: f.finding.evidence })),
    },
  };
}

/** NYC LL144 bias audit on one sex × race/ethnicity table (names defaulted when an attribute is absent, so its table shows as all-unknown). */
/** The optional 2% exclusion of 6 RCNY § 5-301(d), as the auditor asked for it. */
export interface Ll144Exclusion {
  justification: string | null;
}

export function biasAuditOutcome(
  favorable: FavorableOutcome,
  attributes: ProtectedAttributes,
  counts: GroupCountsTable | null,
  exclusion: Ll144Exclusion | null = null,
): RuleOutcome {
  if (attributes.sex === null && attributes.raceEthnicity === null) {
    return {
      status: 'NOT_APPLICABLE',
      summary: 'No decision in the range carries a sex or race/ethnicity attribute; if this tool is an AEDT used in New York City, log them so the bias audit can be produced.',
      evidence: { attributes },
    };
  }
  if (favorable.outcome === null) {
    return { status: 'NOT_APPLICABLE', summary: favorable.reason, evidence: { favorableOutcome: null, outcomesSeen: favorable.outcomesSeen, attributes } };
  }
  if (counts === null) throw new Error('bias audit needs the sex × race/ethnicity counts');
  const [sexAttribute, raceEthnicityAttribute] = counts.attributes;
  const finding = checkNycLl144BiasAudit({
    counts,
    sexAttribute,
    raceEthnicityAttribute,
    excludeCategoriesUnder2Percent: exclusion !== null,
    exclusionJustification: exclusion?.justification ?? undefined,
  });
  return {
    status: finding.status,
    summary: finding.evidence.summary,
    evidence: { favorableOutcome: favorable.outcome, favorableOutcomeBasis: favorable.basis, attributes, ...finding.evidence },
  };
}

export interface RecencyFacts {
  decisionsInRange: number;
  latestUse: string | null;
  /** Earlier bias audits of this version that produced the tables (PASS or WARN), oldest first. */
  auditDates: Date[];
  uncovered: { uncovered: number; firstUncovered: string | null; lastUncovered: string | null; sampleDecisionIds: string[] };
}

/** The one-year validity window of a bias audit conducted at `at` (calendar year, UTC; 29 February → 1 March). */
export function auditValidity(at: Date): { start: Date; end: Date } {
  const end = new Date(at.getTime());
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  return { start: at, end };
}

/**
 * NYC LL144 recency over the audited range: each decision (a use of the tool) needs a bias audit
 * conducted no more than one year before it. The lib's recency check is applied to the latest use
 * and its latest preceding audit; the uncovered count covers every use in the range.
 */
export function auditRecencyOutcome(attributes: ProtectedAttributes, facts: RecencyFacts): RuleOutcome {
  if (facts.decisionsInRange === 0 || facts.latestUse === null) {
    return { status: 'NOT_APPLICABLE', summary: 'No decisions in the audited range: the tool was not used.', evidence: { attributes } };
  }
  if (attributes.sex === null && attributes.raceEthnicity === null) {
    return {
      status: 'NOT_APPLICABLE',
      summary: 'No decision in the range carries a sex or race/ethnicity attribute: not treated as an AEDT subject to NYC LL144.',
      evidence: { attributes },
    };
  }
  const latestUse = new Date(facts.latestUse);
  const preceding = facts.auditDates.filter((d) => d.getTime() <= latestUse.getTime());
  const latestAudit = preceding.length > 0 ? preceding[preceding.length - 1] : null;
  const latestCheck = latestAudit ? checkNycLl144AuditRecency({ auditDate: latestAudit, now: latestUse }) : null;
  const evidence = {
    attributes,
    biasAuditsConsidered: facts.auditDates.map((d) => d.toISOString()),
    decisionsInRange: facts.decisionsInRange,
    uncoveredDecisions: facts.uncovered.uncovered,
    firstUncovered: facts.uncovered.firstUncovered,
    lastUncovered: facts.uncovered.lastUncovered,
    sampleUncoveredDecisionIds: facts.uncovered.sampleDecisionIds,
    latestUse: facts.latestUse,
    latestUseCheck: latestCheck,
  };
  if (facts.uncovered.uncovered === 0) {
    return {
      status: 'PASS',
      summary: `All ${facts.decisionsInRange} decision(s) in the range fall within a year after a bias audit${latestCheck ? ` (latest use: ${latestCheck.evidence.summary})` : ''}.`,
      evidence,
    };
  }
  const status: RuleStatus = 'FAIL';
  return {
    status,
    summary:
      facts.auditDates.length === 0
        ? `${facts.uncovered.uncovered} decision(s) in the range were made with no earlier bias audit of this version.`
        : `${facts.uncovered.uncovered} of ${facts.decisionsInRange} decision(s) in the range (${facts.uncovered.firstUncovered} to ${facts.uncovered.lastUncovered}) were made more than a year after, or before, any bias audit of this version.`,
    evidence,
  };
}
