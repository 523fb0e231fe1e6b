import { pageRequestProperties } from '../pagination/page';
import {
  AUTOMATED_DECISION_BASES,
  FEATURE_SENSITIVITIES,
  GOVERNANCE_LIMITS,
  GOVERNANCE_PAGES,
  LEGAL_BASES,
  RISK_LEVELS,
  SPECIAL_CATEGORY_GROUNDS,
} from './governance.enums';

/**
 * JSON Schemas of the governance request messages (the governance service validates with ajv).
 * Every project-scoped request requires `projectId`; none carries an actor (it is the request
 * envelope's, in the NATS headers).
 */
const uuid = { type: 'string', format: 'uuid' } as const;
const projectId = uuid;
const name = { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxNameLength } as const;
const text = { type: 'string', maxLength: GOVERNANCE_LIMITS.maxTextLength } as const;
const requiredText = { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxTextLength } as const;
const sha256 = { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;
const nullable = <T extends object>(schema: T) => ({ anyOf: [schema, { type: 'null' }] }) as const;

export const registerModelRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'name', 'description', 'owner', 'riskLevel'],
  properties: { projectId, name, description: text, owner: name, riskLevel: { enum: RISK_LEVELS } },
} as const;

export const registerModelVersionRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'projectId',
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
    projectId,
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
  required: ['projectId', 'modelId', 'alias', 'versionId', 'reason'],
  properties: {
    projectId,
    modelId: uuid,
    alias: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' },
    versionId: uuid,
    reason: requiredText,
    gateOverrideReason: nullable(requiredText),
  },
} as const;

export const listModelsRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId'],
  properties: { projectId, ...pageRequestProperties(GOVERNANCE_PAGES.models.max) },
} as const;

export const listModelVersionsRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'modelId'],
  properties: { projectId, modelId: uuid, ...pageRequestProperties(GOVERNANCE_PAGES.modelVersions.max) },
} as const;

export const listAliasMovesRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'modelId'],
  properties: { projectId, modelId: uuid, ...pageRequestProperties(GOVERNANCE_PAGES.aliasMoves.max) },
} as const;

export const getModelVersionRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'versionId'],
  properties: { projectId, versionId: uuid },
} as const;

/** Rows are validated one by one by the service (bad rows rejected with a code, good rows kept). */
export const recordDecisionsRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'modelVersionId', 'decisions'],
  properties: {
    projectId,
    modelVersionId: uuid,
    decisions: { type: 'array', minItems: 1, maxItems: GOVERNANCE_LIMITS.maxDecisionsPerCall },
  },
} as const;

export const recordOutcomesRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'modelVersionId', 'outcomes'],
  properties: {
    projectId,
    modelVersionId: uuid,
    outcomes: { type: 'array', minItems: 1, maxItems: GOVERNANCE_LIMITS.maxOutcomesPerCall },
  },
} as const;

export const eraseDecisionSubjectRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'subjectRef', 'reason'],
  properties: { projectId, subjectRef: { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxIdLength }, reason: requiredText },
} as const;

export const fairnessReportRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'modelVersionId', 'attributes', 'positiveOutcome', 'positiveGroundTruth', 'favorableOutcome'],
  properties: {
    projectId,
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
  required: ['projectId', 'modelVersionId', 'from', 'to'],
  properties: {
    projectId,
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
  required: ['projectId'],
  properties: { projectId, modelVersionId: nullable(uuid), ...pageRequestProperties(GOVERNANCE_PAGES.audits.max) },
} as const;

export const auditTrailPageRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId'],
  properties: { projectId, ...pageRequestProperties(GOVERNANCE_PAGES.auditTrail.max) },
} as const;

export const auditProofRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'seq'],
  properties: {
    projectId,
    seq: { type: 'integer', minimum: 0 },
    treeSize: nullable({ type: 'integer', minimum: 1 }),
    fromTreeSize: nullable({ type: 'integer', minimum: 1 }),
  },
} as const;

export const auditPublicKeyRequestSchema = { type: 'object', additionalProperties: false, properties: {} } as const;

export const exportAuditTrailRequestSchema = { type: 'object', additionalProperties: false, properties: {} } as const;

export const decisionProvenanceRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'decisionId'],
  properties: { projectId, decisionId: { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxIdLength } },
} as const;

export const adoptUnscopedRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId'],
  properties: { projectId },
} as const;
