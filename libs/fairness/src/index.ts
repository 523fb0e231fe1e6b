// Fairness metrics and count-based fairness/legal rules. Named exports only (no `export *`).
export { DECISIONS_TABLE_DDL, DECISIONS_TABLE_NAME } from './sql/decisions-table.schema';
export { MAX_GROUP_ATTRIBUTES, buildGroupCountsQuery, fetchGroupCounts, parseGroupCountsRows } from './sql/group-counts.query';
export type { GroupCountsQueryInput, SqlQuery, SqlRowsRunner } from './sql/group-counts.query';
export { fetchFairnessReport } from './sql/fairness-report.query';
export type { FairnessReportInput } from './sql/fairness-report.query';
export {
  MISSING_VALUE_LABEL,
  compareGroupValues,
  groupKey,
  groupLabel,
  groupMembers,
  marginalizeGroupCounts,
  missingAttributes,
} from './metrics/group-counts.model';
export type { GroupCounts, GroupCountsTable, GroupMember, GroupValue } from './metrics/group-counts.model';
export { computeGroupRates, nullableDifference, safeRatio } from './metrics/group-rates.calculator';
export type { GroupRates } from './metrics/group-rates.calculator';
export { summarizeFairness } from './metrics/fairness-summary.calculator';
export type { FairnessSummary } from './metrics/fairness-summary.calculator';
export { DEFAULT_MIN_GROUP_SIZE, computeFairnessReport } from './metrics/fairness-report.calculator';
export type {
  FairnessConventions,
  FairnessReport,
  FairnessReportOptions,
  GroupFairness,
  ReferenceChoice,
  ReferenceGroup,
} from './metrics/fairness-report.calculator';
export { RULE_STATUSES, worstStatus } from './rules/rule-finding.model';
export type { RuleFinding, RuleStatus } from './rules/rule-finding.model';
export { FOUR_FIFTHS_THRESHOLD, computeImpactRatioTable } from './rules/impact-ratio.calculator';
export type { ImpactRatioCategory, ImpactRatioOptions, ImpactRatioTable } from './rules/impact-ratio.calculator';
export { FOUR_FIFTHS_CITATION, FOUR_FIFTHS_RULE_ID, checkFourFifthsRule } from './rules/four-fifths.rule';
export type { FourFifthsEvidence, FourFifthsOptions } from './rules/four-fifths.rule';
export {
  DEFAULT_EXCLUSION_JUSTIFICATION,
  NYC_LL144_AUDIT_RECENCY_CITATION,
  NYC_LL144_AUDIT_RECENCY_RULE_ID,
  NYC_LL144_BIAS_AUDIT_CITATION,
  NYC_LL144_BIAS_AUDIT_RULE_ID,
  checkNycLl144AuditRecency,
  checkNycLl144BiasAudit,
} from './rules/nyc-ll144.rule';
export type {
  AuditRecencyEvidence,
  Ll144CategoryTable,
  Ll144ExcludedCategory,
  NycLl144BiasAuditEvidence,
  NycLl144BiasAuditInput,
} from './rules/nyc-ll144.rule';
export { FAIRNESS_RULES } from './rules/fairness-rule.catalog';
export type { FairnessRuleDescriptor } from './rules/fairness-rule.catalog';
