import type { RiskLevel } from '@fulcrum/contracts';
import type { RuleOutcome } from './rule-outcome.model';

// Rules decided by aggregates of the decision log (computed in SQL by DecisionLogReader). Pure functions.

export interface PurposeFacts {
  total: number;
  undeclared: number;
  byPurpose: Array<{ purpose: string | null; n: number; sampleDecisionIds: string[] }>;
}

/** GDPR Art. 5(1)(b): every decision's purpose is one the version declared. */
export function checkPurposeLimitation(declared: readonly string[], facts: PurposeFacts): RuleOutcome {
  const evidence = { declaredPurposes: [...declared], decisionsExamined: facts.total, undeclaredDecisions: facts.undeclared, undeclaredPurposes: facts.byPurpose };
  if (facts.total === 0) return { status: 'NOT_APPLICABLE', summary: 'No decisions in the audited range.', evidence };
  if (facts.undeclared === 0) return { status: 'PASS', summary: `All ${facts.total} decision(s) have a declared purpose.`, evidence };
  const list = facts.byPurpose.map((p) => `${p.purpose === null ? '(none)' : JSON.stringify(p.purpose)}: ${p.n}`).join(', ');
  return { status: 'FAIL', summary: `${facts.undeclared} of ${facts.total} decision(s) have a purpose the version did not declare (${list}).`, evidence };
}

export interface RetentionFacts {
  total: number;
  overdue: number;
  oldestOverdue: string | null;
  sampleDecisionIds: string[];
}

/** GDPR Art. 5(1)(e): nothing older than retentionDays still holds personal data. */
export function checkStorageLimitation(retentionDays: number, cutoff: Date, facts: RetentionFacts): RuleOutcome {
  const evidence = {
    retentionDays,
    cutoff: cutoff.toISOString(),
    decisionsExamined: facts.total,
    overdueDecisions: facts.overdue,
    oldestOverdue: facts.oldestOverdue,
    sampleDecisionIds: facts.sampleDecisionIds,
  };
  if (facts.total === 0) return { status: 'NOT_APPLICABLE', summary: 'No decisions in the audited range.', evidence };
  if (facts.overdue === 0) {
    return { status: 'PASS', summary: `No decision in the range older than ${retentionDays} days (before ${cutoff.toISOString()}) still holds personal data.`, evidence };
  }
  return {
    status: 'FAIL',
    summary: `${facts.overdue} decision(s) older than the ${retentionDays}-day retention (before ${cutoff.toISOString()}, oldest ${facts.oldestOverdue}) are still stored with personal data.`,
    evidence,
  };
}

export interface RecordKeepingFacts {
  examined: number;
  incomplete: number;
  missing: Record<string, number>;
  sampleDecisionIds: string[];
}

/** EU AI Act Art. 12: a HIGH-risk version's decisions log every required field. */
export function checkRecordKeeping(riskLevel: RiskLevel, facts: RecordKeepingFacts): RuleOutcome {
  const evidence = {
    riskLevel,
    requiredFields: ['decisionId', 'occurredAt', 'subjectRef (or erased)', 'outcome', 'purpose', 'modelVersionId', 'audit-trail entry'],
    decisionsExamined: facts.examined,
    incompleteDecisions: facts.incomplete,
    missingByField: facts.missing,
    sampleDecisionIds: facts.sampleDecisionIds,
  };
  if (riskLevel !== 'HIGH') return { status: 'NOT_APPLICABLE', summary: `Risk level ${riskLevel}: Art. 12 applies to high-risk systems.`, evidence };
  if (facts.examined === 0) return { status: 'NOT_APPLICABLE', summary: 'No decisions in the audited range.', evidence };
  if (facts.incomplete === 0) return { status: 'PASS', summary: `All ${facts.examined} decision(s) log every required field.`, evidence };
  const fields = Object.entries(facts.missing)
    .filter(([, n]) => n > 0)
    .map(([f, n]) => `${f}: ${n}`)
    .join(', ');
  return { status: 'FAIL', summary: `${facts.incomplete} of ${facts.examined} decision(s) lack a required field (${fields}).`, evidence };
}
