import { registerEnumType } from '@nestjs/graphql';
import {
  AUDIT_OUTCOMES,
  AUTOMATED_DECISION_BASES,
  type AuditOutcome,
  type AutomatedDecisionBasis,
  FEATURE_SENSITIVITIES,
  FINDING_STATUSES,
  type FeatureSensitivity,
  type FindingStatus,
  LEGAL_BASES,
  type LegalBasis,
  RISK_LEVELS,
  type RiskLevel,
  SPECIAL_CATEGORY_GROUNDS,
  type SpecialCategoryGround,
} from '@fulcrum/contracts';

/** GraphQL enums need an object; the values come from the contracts, so both sides list the same ones. */
function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const RiskLevelEnum = enumObject<RiskLevel>(RISK_LEVELS);
registerEnumType(RiskLevelEnum, {
  name: 'RiskLevel',
  description: 'EU AI Act risk tier the model is registered under.',
  valuesMap: {
    MINIMAL: { description: 'Minimal risk: no obligations beyond voluntary codes of conduct.' },
    LIMITED: { description: 'Limited risk: transparency obligations (EU AI Act Art. 50).' },
    HIGH: { description: 'High risk: Art. 6 and Annex III (e.g. credit scoring, hiring); full obligations.' },
  },
});

export const FeatureSensitivityEnum = enumObject<FeatureSensitivity>(FEATURE_SENSITIVITIES);
registerEnumType(FeatureSensitivityEnum, {
  name: 'FeatureSensitivity',
  description: 'How sensitive a model input is under the GDPR.',
  valuesMap: {
    NONE: { description: 'Not personal data.' },
    PERSONAL: { description: 'Personal data (GDPR Art. 4(1)).' },
    SPECIAL_CATEGORY: { description: 'A special category of GDPR Art. 9(1): health, ethnic origin, religion, biometrics and the like.' },
  },
});

export const LegalBasisEnum = enumObject<LegalBasis>(LEGAL_BASES);
registerEnumType(LegalBasisEnum, {
  name: 'LegalBasis',
  description: 'Lawful basis of the processing, GDPR Art. 6(1)(a)-(f).',
  valuesMap: {
    CONSENT: { description: 'Art. 6(1)(a): the data subject consented.' },
    CONTRACT: { description: 'Art. 6(1)(b): necessary for a contract with the data subject.' },
    LEGAL_OBLIGATION: { description: 'Art. 6(1)(c): necessary for a legal obligation of the controller.' },
    VITAL_INTERESTS: { description: 'Art. 6(1)(d): protects the vital interests of a person.' },
    PUBLIC_TASK: { description: 'Art. 6(1)(e): a task in the public interest or official authority.' },
    LEGITIMATE_INTERESTS: { description: 'Art. 6(1)(f): legitimate interests not overridden by the subject\'s rights.' },
  },
});

export const SpecialCategoryGroundEnum = enumObject<SpecialCategoryGround>(SPECIAL_CATEGORY_GROUNDS);
registerEnumType(SpecialCategoryGroundEnum, {
  name: 'SpecialCategoryGround',
  description: 'Exception of GDPR Art. 9(2)(a)-(j) that allows processing special categories of data.',
  valuesMap: {
    EXPLICIT_CONSENT: { description: 'Art. 9(2)(a): explicit consent.' },
    EMPLOYMENT_SOCIAL_SECURITY: { description: 'Art. 9(2)(b): employment, social security and social protection law.' },
    VITAL_INTERESTS: { description: 'Art. 9(2)(c): vital interests of a subject who cannot consent.' },
    NOT_FOR_PROFIT_BODY: { description: 'Art. 9(2)(d): members of a not-for-profit body.' },
    MADE_PUBLIC_BY_SUBJECT: { description: 'Art. 9(2)(e): data manifestly made public by the subject.' },
    LEGAL_CLAIMS: { description: 'Art. 9(2)(f): legal claims or courts acting judicially.' },
    SUBSTANTIAL_PUBLIC_INTEREST: { description: 'Art. 9(2)(g): substantial public interest under Union or Member State law.' },
    HEALTH_OR_SOCIAL_CARE: { description: 'Art. 9(2)(h): preventive or occupational medicine, health or social care.' },
    PUBLIC_HEALTH: { description: 'Art. 9(2)(i): public interest in public health.' },
    ARCHIVING_RESEARCH_STATISTICS: { description: 'Art. 9(2)(j): archiving, scientific or historical research, statistics.' },
  },
});

export const AutomatedDecisionBasisEnum = enumObject<AutomatedDecisionBasis>(AUTOMATED_DECISION_BASES);
registerEnumType(AutomatedDecisionBasisEnum, {
  name: 'AutomatedDecisionBasis',
  description: 'Exception of GDPR Art. 22(2)(a)-(c) allowing solely automated decisions with legal or similarly significant effect.',
  valuesMap: {
    CONTRACT_NECESSITY: { description: 'Art. 22(2)(a): necessary for a contract with the data subject.' },
    AUTHORISED_BY_LAW: { description: 'Art. 22(2)(b): authorised by Union or Member State law.' },
    EXPLICIT_CONSENT: { description: 'Art. 22(2)(c): the subject\'s explicit consent.' },
  },
});

export const FindingStatusEnum = enumObject<FindingStatus>(FINDING_STATUSES);
registerEnumType(FindingStatusEnum, {
  name: 'FindingStatus',
  description: "Outcome of one rule's machine check.",
  valuesMap: {
    PASS: { description: 'The check passed.' },
    FAIL: { description: 'The check failed; the audit fails.' },
    WARN: { description: 'Worth a reviewer\'s look; does not fail the audit.' },
    NOT_APPLICABLE: { description: 'The rule does not apply to this model version or there was nothing to check.' },
  },
});

export const AuditOutcomeEnum = enumObject<AuditOutcome>(AUDIT_OUTCOMES);
registerEnumType(AuditOutcomeEnum, {
  name: 'AuditOutcome',
  description: 'An audit passes when no finding is FAIL (WARN and NOT_APPLICABLE do not block).',
  valuesMap: {
    PASSED: { description: 'No finding failed.' },
    FAILED: { description: 'At least one finding failed.' },
  },
});

export type ReferenceGroupChoice = 'GIVEN' | 'HIGHEST_FAVORABLE_RATE';
export const ReferenceGroupChoiceEnum = enumObject<ReferenceGroupChoice>(['GIVEN', 'HIGHEST_FAVORABLE_RATE']);
registerEnumType(ReferenceGroupChoiceEnum, {
  name: 'ReferenceGroupChoice',
  description: 'How the reference group of a fairness report was chosen.',
  valuesMap: {
    GIVEN: { description: 'The caller named it in `referenceGroup`.' },
    HIGHEST_FAVORABLE_RATE: { description: 'Default: the group with the highest favorable-outcome rate.' },
  },
});
