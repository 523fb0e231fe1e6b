import { FOUR_FIFTHS_CITATION, FOUR_FIFTHS_RULE_ID } from './four-fifths.rule';
import {
  NYC_LL144_AUDIT_RECENCY_CITATION,
  NYC_LL144_AUDIT_RECENCY_RULE_ID,
  NYC_LL144_BIAS_AUDIT_CITATION,
  NYC_LL144_BIAS_AUDIT_RULE_ID,
} from './nyc-ll144.rule';

export interface FairnessRuleDescriptor {
  ruleId: string;
  citation: string;
  title: string;
  /** What the machine check does, in one paragraph. */
  checks: string;
  /** The function that runs it. */
  check: 'checkFourFifthsRule' | 'checkNycLl144BiasAudit' | 'checkNycLl144AuditRecency';
}

/** The rules of this lib that need only group counts (the governance service adds the GDPR / AI Act ones). */
export const FAIRNESS_RULES: readonly FairnessRuleDescriptor[] = [
  {
    ruleId: FOUR_FIFTHS_RULE_ID,
    citation: FOUR_FIFTHS_CITATION,
    title: 'EEOC four-fifths rule',
    checks:
      "Impact ratio = a category's selection rate ÷ the highest category's rate, per category of the given attribute(s). FAIL below 0.8 (exactly 0.8 passes); WARN when every failing comparison involves a small sample; NOT_APPLICABLE with fewer than two known categories or nobody selected.",
    check: 'checkFourFifthsRule',
  },
  {
    ruleId: NYC_LL144_BIAS_AUDIT_RULE_ID,
    citation: NYC_LL144_BIAS_AUDIT_CITATION,
    title: 'NYC Local Law 144 bias audit',
    checks:
      'Selection rates and impact ratios for sex, race/ethnicity and their intersection, the number of decisions in an unknown category, and (optionally) categories under 2% excluded with disclosure. WARN when a ratio is below 0.8 (the law itself sets no pass mark), FAIL when a required table cannot be produced or the folded-in audit date is stale.',
    check: 'checkNycLl144BiasAudit',
  },
  {
    ruleId: NYC_LL144_AUDIT_RECENCY_RULE_ID,
    citation: NYC_LL144_AUDIT_RECENCY_CITATION,
    title: 'NYC Local Law 144 audit no older than one year',
    checks: 'PASS when auditDate ≤ now ≤ auditDate + 1 calendar year (UTC), else FAIL.',
    check: 'checkNycLl144AuditRecency',
  },
];
