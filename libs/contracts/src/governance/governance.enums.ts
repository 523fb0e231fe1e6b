/** EU AI Act risk tiers a model is registered under (Art. 6 and Annex III for HIGH). */
export const RISK_LEVELS = ['MINIMAL', 'LIMITED', 'HIGH'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Feature sensitivity: SPECIAL_CATEGORY = the categories of GDPR Art. 9(1). */
export const FEATURE_SENSITIVITIES = ['NONE', 'PERSONAL', 'SPECIAL_CATEGORY'] as const;
export type FeatureSensitivity = (typeof FEATURE_SENSITIVITIES)[number];

/** The six lawful bases of GDPR Art. 6(1)(a)–(f). */
export const LEGAL_BASES = ['CONSENT', 'CONTRACT', 'LEGAL_OBLIGATION', 'VITAL_INTERESTS', 'PUBLIC_TASK', 'LEGITIMATE_INTERESTS'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** The exceptions of GDPR Art. 9(2)(a)–(j) that allow processing special categories. */
export const SPECIAL_CATEGORY_GROUNDS = [
  'EXPLICIT_CONSENT', // (a)
  'EMPLOYMENT_SOCIAL_SECURITY', // (b)
  'VITAL_INTERESTS', // (c)
  'NOT_FOR_PROFIT_BODY', // (d)
  'MADE_PUBLIC_BY_SUBJECT', // (e)
  'LEGAL_CLAIMS', // (f)
  'SUBSTANTIAL_PUBLIC_INTEREST', // (g)
  'HEALTH_OR_SOCIAL_CARE', // (h)
  'PUBLIC_HEALTH', // (i)
  'ARCHIVING_RESEARCH_STATISTICS', // (j)
] as const;
export type SpecialCategoryGround = (typeof SPECIAL_CATEGORY_GROUNDS)[number];

/** The exceptions of GDPR Art. 22(2)(a)–(c) to the ban on solely automated significant decisions. */
export const AUTOMATED_DECISION_BASES = ['CONTRACT_NECESSITY', 'AUTHORISED_BY_LAW', 'EXPLICIT_CONSENT'] as const;
export type AutomatedDecisionBasis = (typeof AUTOMATED_DECISION_BASES)[number];

/** Outcome of one rule's machine check. */
export const FINDING_STATUSES = ['PASS', 'FAIL', 'WARN', 'NOT_APPLICABLE'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** An audit passes when no finding FAILs (WARN and NOT_APPLICABLE do not block). */
export const AUDIT_OUTCOMES = ['PASSED', 'FAILED'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** The alias the promotion gate guards. */
export const PRODUCTION_ALIAS = 'production';

/** Limits shared by the gateway and the governance service. */
export const GOVERNANCE_LIMITS = {
  /** Decisions per `recordDecisions` call (and per JetStream decision message). */
  maxDecisionsPerCall: 10_000,
  maxOutcomesPerCall: 10_000,
  maxIdLength: 200,
  maxNameLength: 200,
  maxTextLength: 5_000,
  /** Serialized `attributes` of one decision. */
  maxAttributesBytes: 4_096,
} as const;

/**
 * Page sizes of the governance lists (Relay connections at the gateway): `first` defaults to
 * `default` and may be at most `max`. Audits are smaller pages: each carries its findings' evidence.
 * Rejected decisions may also end a page early (REJECTED_DECISION_LIMITS.pagePayloadBytes).
 */
export const GOVERNANCE_PAGES = {
  models: { default: 50, max: 200 },
  modelVersions: { default: 50, max: 200 },
  aliasMoves: { default: 50, max: 200 },
  audits: { default: 20, max: 100 },
  auditTrail: { default: 100, max: 1_000 },
  rejectedDecisions: { default: 50, max: 200 },
} as const;
