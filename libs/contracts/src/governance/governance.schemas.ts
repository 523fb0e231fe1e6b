import {
  AUTOMATED_DECISION_BASES,
  FEATURE_SENSITIVITIES,
  GOVERNANCE_LIMITS,
  LEGAL_BASES,
  RISK_LEVELS,
  SPECIAL_CATEGORY_GROUNDS,
} from './governance.enums';

/** JSON Schemas of the governance request messages (the governance service validates with ajv). */
const actor = { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxNameLength } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const name = { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxNameLength } as const;
const text = { type: 'string', maxLength: GOVERNANCE_LIMITS.maxTextLength } as const;
const requiredText = { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxTextLength } as const;
const sha256 = { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;
const nullable = <T extends object>(schema: T) => ({ anyOf: [schema, { type: 'null' }] }) as const;

export const registerModelRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['actor', 'name', 'description', 'owner', 'riskLevel'],
  properties: { actor, name, description: text, owner: name, riskLevel: { enum: RISK_LEVELS } },
} as const;

export const registerModelVersionRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'actor',
    'modelId',
    'artifactDigest',
    'trainingDataset',
    'features',
    'purposes',
    'legalBasis',
    'solelyAutomatedSignificantDecisions',
    'humanReviewAvailable',
    'retentionDays',
  ],
  properties: {
    actor,
    modelId: uuid,
    artifactDigest: sha256,
    trainingDataset: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version', 'contentHash', 'rows', 'source'],
      properties: { name, version: name, contentHash: sha256, rows: { type: 'integer', minimum: 0 }, source: requiredText },
    },
    features: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'sensitivity'],
        properties: { name, sensitivity: { enum: FEATURE_SENSITIVITIES } },
      },
    },
    purposes: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: name },
    legalBasis: { enum: LEGAL_BASES },
    specialCategoryGround: nullable({ enum: SPECIAL_CATEGORY_GROUNDS }),
    solelyAutomatedSignificantDecisions: { type: 'boolean' },
    automatedDecisionBasis: nullable({ enum: AUTOMATED_DECISION_BASES }),
    humanReviewAvailable: { type: 'boolean' },
    retentionDays: { type: 'integer', minimum: 1, maximum: 36_500 },
  },
} as const;

export const setAliasRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['actor', 'modelId', 'alias', 'versionId', 'reason'],
  properties: {
    actor,
    modelId: uuid,
    alias: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' },
    versionId: uuid,
    reason: requiredText,
    gateOverrideReason: nullable(requiredText),
  },
} as const;

export const listModelsRequestSchema = { type: 'object', additionalProperties: false, properties: {} } as const;

export const getModelVersionRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['versionId'],
  properties: { versionId: uuid },
} as const;

/** Rows are validated one by one by the service (bad rows rejected with a code, good rows kept). */
export const recordDecisionsRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['actor', 'modelVersionId', 'decisions'],
  properties: {
    actor,
    modelVersionId: uuid,
    decisions: { type: 'array', minItems: 1, maxItems: GOVERNANCE_LIMITS.maxDecisionsPerCall },
  },
} as const;

export const recordOutcomesRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['actor', 'modelVersionId', 'outcomes'],
  properties: {
    actor,
    modelVersionId: uuid,
    outcomes: { type: 'array', minItems: 1, maxItems: GOVERNANCE_LIMITS.maxOutcomesPerCall },
  },
} as const;

export const eraseDecisionSubjectRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['actor', 'subjectRef', 'reason'],
  properties: { actor, subjectRef: { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxIdLength }, reason: requiredText },
} as const;

export const fairnessReportRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['modelVersionId', 'attributes', 'positiveOutcome', 'positiveGroundTruth', 'favorableOutcome'],
  properties: {
    modelVersionId: uuid,
    attributes: { type: 'array', minItems: 1, maxItems: 4, uniqueItems: true, items: name },
    positiveOutcome: name,
    positiveGroundTruth: name,
    favorableOutcome: name,
    referenceGroup: nullable({ type: 'object', additionalProperties: nullable({ type: 'string', maxLength: GOVERNANCE_LIMITS.maxNameLength }) }),
    from: nullable(timestamp),
    to: nullable(timestamp),
    minGroupSize: nullable({ type: 'integer', minimum: 0, maximum: 1_000_000_000 }),
  },
} as const;

export const listRulesRequestSchema = { type: 'object', additionalProperties: false, properties: {} } as const;

export const runAuditRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['actor', 'modelVersionId', 'from', 'to'],
  properties: {
    actor,
    modelVersionId: uuid,
    from: timestamp,
    to: timestamp,
    rules: nullable({ type: 'array', minItems: 1, uniqueItems: true, items: name }),
    favorableOutcome: nullable(name),
    ll144ExcludeUnder2Percent: nullable({ type: 'object', additionalProperties: false, properties: { justification: nullable(requiredText) } }),
  },
} as const;

export const listAuditsRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { modelVersionId: nullable(uuid) },
} as const;

export const auditTrailPageRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    after: nullable({ type: 'integer', minimum: -1 }),
    limit: nullable({ type: 'integer', minimum: 1, maximum: GOVERNANCE_LIMITS.maxAuditTrailPage }),
  },
} as const;

export const auditProofRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['seq'],
  properties: {
    seq: { type: 'integer', minimum: 0 },
    treeSize: nullable({ type: 'integer', minimum: 1 }),
    fromTreeSize: nullable({ type: 'integer', minimum: 1 }),
  },
} as const;

export const auditPublicKeyRequestSchema = { type: 'object', additionalProperties: false, properties: {} } as const;

export const exportAuditTrailRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['actor'],
  properties: { actor },
} as const;

export const decisionProvenanceRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['decisionId'],
  properties: { decisionId: { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxIdLength } },
} as const;
