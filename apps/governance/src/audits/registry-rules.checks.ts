import type { ModelVersionDto, RiskLevel } from '@fulcrum/contracts';
import { AI_ACT_MIN_LOG_RETENTION_DAYS } from './audit-rule.catalog';
import type { RuleOutcome } from './rule-outcome.model';

// Rules decided by what the registry says about the version (and, for Art. 9, whether the decision
// log holds racial or ethnic origin). Pure functions.

/**
 * GDPR Art. 9: a SPECIAL_CATEGORY feature needs an Art. 9(2) ground. Decisions that log a
 * race/ethnicity attribute for bias auditing also process racial or ethnic origin: without a
 * declared ground that is flagged (WARN), not failed, since the processing may rest on another
 * instrument (e.g. AI Act Art. 10(5) for bias detection) the registry does not record.
 */
export function checkSpecialCategories(version: ModelVersionDto, raceEthnicityLogged: { attribute: string; decisions: number } | null): RuleOutcome {
  const features = version.features.filter((f) => f.sensitivity === 'SPECIAL_CATEGORY').map((f) => f.name);
  const ground = version.specialCategoryGround;
  const evidence = { specialCategoryFeatures: features, specialCategoryGround: ground, raceEthnicityLoggedInDecisions: raceEthnicityLogged };
  if (features.length > 0) {
    return ground === null
      ? { status: 'FAIL', summary: `${features.length} special-category feature(s) (${features.slice(0, 5).join(', ')}) but no Art. 9(2) ground is declared.`, evidence }
      : { status: 'PASS', summary: `${features.length} special-category feature(s), processed under Art. 9(2) ground ${ground}.`, evidence };
  }
  if (raceEthnicityLogged && raceEthnicityLogged.decisions > 0 && ground === null) {
    return {
      status: 'WARN',
      summary: `No special-category feature, but ${raceEthnicityLogged.decisions} decision(s) in the range log "${raceEthnicityLogged.attribute}" (racial or ethnic origin) and no Art. 9(2) ground is declared.`,
      evidence,
    };
  }
  return { status: 'NOT_APPLICABLE', summary: 'The version uses no special-category feature.', evidence };
}

/** GDPR Art. 22: solely automated significant decisions need an Art. 22(2) basis and a human-review path (Art. 22(3)). */
export function checkAutomatedDecisions(version: ModelVersionDto): RuleOutcome {
  const evidence = {
    solelyAutomatedSignificantDecisions: version.solelyAutomatedSignificantDecisions,
    automatedDecisionBasis: version.automatedDecisionBasis,
    humanReviewAvailable: version.humanReviewAvailable,
  };
  if (!version.solelyAutomatedSignificantDecisions) {
    return { status: 'NOT_APPLICABLE', summary: 'The version does not make solely automated decisions with legal or similarly significant effect.', evidence };
  }
  const missing: string[] = [];
  if (version.automatedDecisionBasis === null) missing.push('an Art. 22(2) basis (automatedDecisionBasis)');
  if (!version.humanReviewAvailable) missing.push('a human-review path (Art. 22(3))');
  if (missing.length > 0) return { status: 'FAIL', summary: `Solely automated significant decisions without ${missing.join(' and without ')}.`, evidence };
  return { status: 'PASS', summary: `Solely automated significant decisions on basis ${version.automatedDecisionBasis}, with human review available.`, evidence };
}

/** EU AI Act Art. 19: a HIGH-risk version keeps its logs at least six months. */
export function checkLogRetention(riskLevel: RiskLevel, version: ModelVersionDto): RuleOutcome {
  const evidence = { riskLevel, retentionDays: version.retentionDays, minimumDays: AI_ACT_MIN_LOG_RETENTION_DAYS };
  if (riskLevel !== 'HIGH') return { status: 'NOT_APPLICABLE', summary: `Risk level ${riskLevel}: Art. 19 applies to high-risk systems.`, evidence };
  return version.retentionDays >= AI_ACT_MIN_LOG_RETENTION_DAYS
    ? { status: 'PASS', summary: `Decision logs are kept ${version.retentionDays} days (at least ${AI_ACT_MIN_LOG_RETENTION_DAYS}).`, evidence }
    : { status: 'FAIL', summary: `Decision logs are kept only ${version.retentionDays} days; a high-risk system keeps them at least ${AI_ACT_MIN_LOG_RETENTION_DAYS} (six months).`, evidence };
}
