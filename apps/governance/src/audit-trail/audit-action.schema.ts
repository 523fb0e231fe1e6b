import { GOVERNANCE_LIMITS } from '@fulcrum/contracts';

const fields = {
  id: { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxIdLength },
  at: { type: 'string', format: 'date-time' },
  action: { type: 'string', maxLength: GOVERNANCE_LIMITS.maxNameLength, pattern: '^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+$' },
  subject: { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxTextLength },
  payload: { type: 'object' },
} as const;

/**
 * JSON Schemas of `AuditActionMessage` (stream AUDIT), validated with ajv before anything from the
 * stream reaches the trail, one per version (the decoder picks by `v`). Actions are dotted
 * lowercase names, e.g. `project.created`.
 */
export const auditActionMessageV1Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['v', 'id', 'at', 'actor', 'action', 'subject', 'payload'],
  properties: { v: { const: 1 }, ...fields, actor: { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxNameLength } },
} as const;

/** Version 2 has no actor: it is the envelope's `Fulcrum-Actor` header. */
export const auditActionMessageV2Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['v', 'id', 'at', 'action', 'subject', 'payload'],
  properties: { v: { const: 2 }, ...fields },
} as const;
