export const RULE_STATUSES = ['PASS', 'FAIL', 'WARN', 'NOT_APPLICABLE'] as const;

/** PASS: the check holds. FAIL: it does not. WARN: it does not, but the evidence is weak (or only flagged). NOT_APPLICABLE: it cannot be evaluated (the reason is in the evidence). */
export type RuleStatus = (typeof RULE_STATUSES)[number];

/** What every rule check returns; `evidence` is plain JSON (stored with the audit). */
export interface RuleFinding<E extends { summary: string } = { summary: string }> {
  ruleId: string;
  citation: string;
  status: RuleStatus;
  evidence: E;
}

/** Worst first: FAIL, WARN, PASS; NOT_APPLICABLE only when nothing was applicable. */
export function worstStatus(statuses: readonly RuleStatus[]): RuleStatus {
  if (statuses.includes('FAIL')) return 'FAIL';
  if (statuses.includes('WARN')) return 'WARN';
  if (statuses.includes('PASS')) return 'PASS';
  return 'NOT_APPLICABLE';
}
