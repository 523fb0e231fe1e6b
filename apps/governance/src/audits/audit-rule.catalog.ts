import type { RuleDto } from '@fulcrum/contracts';
import {
  FAIRNESS_RULES,
  FOUR_FIFTHS_RULE_ID,
  NYC_LL144_AUDIT_RECENCY_RULE_ID,
  NYC_LL144_BIAS_AUDIT_RULE_ID,
} from '@fulcrum/fairness';

export const RULE_IDS = {
  fourFifths: FOUR_FIFTHS_RULE_ID,
  ll144BiasAudit: NYC_LL144_BIAS_AUDIT_RULE_ID,
  ll144AuditRecency: NYC_LL144_AUDIT_RECENCY_RULE_ID,
  gdprArt9: 'gdpr-art-9',
  gdprArt22: 'gdpr-art-22',
  gdprPurposeLimitation: 'gdpr-art-5-1-b',
  gdprStorageLimitation: 'gdpr-art-5-1-e',
  aiActRecordKeeping: 'eu-ai-act-art-12',
  aiActLogRetention: 'eu-ai-act-art-19',
} as const;

export type RuleId = (typeof RULE_IDS)[keyof typeof RULE_IDS];

/** Attribute names read as sex, then as race/ethnicity (first present wins, in this order). Exact, case-sensitive keys. */
export const SEX_ATTRIBUTE_NAMES = ['sex', 'gender'] as const;
export const RACE_ETHNICITY_ATTRIBUTE_NAMES = ['race_ethnicity', 'race', 'ethnicity'] as const;

/** EU AI Act Art. 19(1) / 26(6): logs of high-risk systems are kept at least six months (taken as 183 days). */
export const AI_ACT_MIN_LOG_RETENTION_DAYS = 183;

const HOW_THE_FAVORABLE_OUTCOME_IS_FOUND =
  'The favorable outcome is the one outcome label in the audited range that is a known favorable word (approve(d), accept(ed), hire(d), select(ed), advance(d), offer(ed), grant(ed), pass(ed), shortlist(ed), interview, eligible; case-insensitive); none or several → NOT_APPLICABLE with the labels seen.';
const WHICH_ATTRIBUTES = `Sex is read from the first attribute present among ${SEX_ATTRIBUTE_NAMES.join(', ')}; race/ethnicity from the first among ${RACE_ETHNICITY_ATTRIBUTE_NAMES.join(', ')}.`;

function fairnessRule(id: string): { title: string; citation: string; checks: string } {
  const rule = FAIRNESS_RULES.find((r) => r.ruleId === id);
  if (!rule) throw new Error(`@fulcrum/fairness has no rule ${id}`);
  return { title: rule.title, citation: rule.citation, checks: rule.checks };
}

/** Every rule an audit can run, in the order findings are reported. */
export const RULE_CATALOG: readonly RuleDto[] = [
  {
    id: RULE_IDS.fourFifths,
    ...fairnessRule(FOUR_FIFTHS_RULE_ID),
    checks: `${fairnessRule(FOUR_FIFTHS_RULE_ID).checks} Run on the decisions in the audited range, separately for sex and for race/ethnicity; the finding is the worst of the two. ${WHICH_ATTRIBUTES} ${HOW_THE_FAVORABLE_OUTCOME_IS_FOUND}`,
  },
  {
    id: RULE_IDS.ll144BiasAudit,
    ...fairnessRule(NYC_LL144_BIAS_AUDIT_RULE_ID),
    checks: `${fairnessRule(NYC_LL144_BIAS_AUDIT_RULE_ID).checks} Run on the decisions in the audited range, without the optional 2% exclusion. NOT_APPLICABLE when no decision carries a sex or race/ethnicity attribute. ${WHICH_ATTRIBUTES} ${HOW_THE_FAVORABLE_OUTCOME_IS_FOUND}`,
  },
  {
    id: RULE_IDS.ll144AuditRecency,
    ...fairnessRule(NYC_LL144_AUDIT_RECENCY_RULE_ID),
    checks:
      'Every decision in the audited range (a use of the tool) must fall within one calendar year after an earlier audit of this version whose nyc-ll144-bias-audit finding was PASS or WARN (tables computed); FAIL with the number of uncovered decisions otherwise. NOT_APPLICABLE without decisions in the range or when none carries a sex or race/ethnicity attribute.',
  },
  {
    id: RULE_IDS.gdprArt9,
    title: 'GDPR special categories of personal data',
    citation:
      'GDPR (Regulation (EU) 2016/679) Art. 9(1) (processing of special categories of personal data is prohibited) and Art. 9(2)(a)–(j) (the exceptions that allow it)',
    checks:
      'FAIL when the version has a SPECIAL_CATEGORY feature but declares no Art. 9(2) ground; PASS when it declares one; WARN when it has no such feature but decisions in the range log a race/ethnicity attribute (racial or ethnic origin) without a declared ground; otherwise NOT_APPLICABLE.',
  },
  {
    id: RULE_IDS.gdprArt22,
    title: 'GDPR solely automated decisions with significant effect',
    citation:
      'GDPR Art. 22(1) (right not to be subject to a decision based solely on automated processing with legal or similarly significant effects), Art. 22(2)(a)–(c) (the allowed bases) and Art. 22(3) (right to obtain human intervention, to express one’s point of view and to contest the decision)',
    checks:
      'When the version makes solely automated significant decisions: PASS only with an automatedDecisionBasis (Art. 22(2)) AND a human-review path (Art. 22(3)), FAIL otherwise. NOT_APPLICABLE when it does not.',
  },
  {
    id: RULE_IDS.gdprPurposeLimitation,
    title: 'GDPR purpose limitation',
    citation: 'GDPR Art. 5(1)(b) (personal data collected for specified, explicit and legitimate purposes and not further processed in a manner incompatible with them)',
    checks:
      'Every decision in the audited range has a purpose the version declared; FAIL with the count per undeclared purpose and sample decision ids otherwise. NOT_APPLICABLE without decisions in the range.',
  },
  {
    id: RULE_IDS.gdprStorageLimitation,
    title: 'GDPR storage limitation',
    citation: 'GDPR Art. 5(1)(e) (personal data kept in a form which permits identification for no longer than necessary)',
    checks:
      'No decision in the audited range older than the version’s retentionDays (counted back from the time of the audit) still holds personal data (not erased); FAIL with the count, the oldest and sample ids otherwise. NOT_APPLICABLE without decisions in the range.',
  },
  {
    id: RULE_IDS.aiActRecordKeeping,
    title: 'EU AI Act record-keeping (logging)',
    citation:
      'Regulation (EU) 2024/1689 (AI Act) Art. 12(1)–(2) (high-risk AI systems allow the automatic recording of events over their lifetime, for traceability)',
    checks:
      'For HIGH-risk versions, every decision in the audited range (and any without occurredAt) logs decisionId, occurredAt, subjectRef (or was erased), outcome, purpose and modelVersionId, and was recorded on the audit trail; FAIL with the count of incomplete decisions per missing field. NOT_APPLICABLE for other risk levels or without decisions.',
  },
  {
    id: RULE_IDS.aiActLogRetention,
    title: 'EU AI Act log retention',
    citation:
      'Regulation (EU) 2024/1689 (AI Act) Art. 19(1) (providers keep the automatically generated logs of high-risk AI systems for at least six months) and Art. 26(6) (deployers likewise)',
    checks: `For HIGH-risk versions, retentionDays must be at least ${AI_ACT_MIN_LOG_RETENTION_DAYS} (six months); FAIL otherwise. NOT_APPLICABLE for other risk levels.`,
  },
];

export function findRule(id: string): RuleDto | undefined {
  return RULE_CATALOG.find((r) => r.id === id);
}
