import { GOVERNANCE_LIMITS } from '@fulcrum/contracts';

/**
 * JSON Schema of `AuditActionMessage` (stream AUDIT), validated with ajv before anything from the
 * stream reaches the trail. Actions are dotted lowercase names, e.g. `project.created`.
 */
export const auditActionMessageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['v', 'id', 'at', 'actor', 'action', 'subject', 'payload'],
  properties: {
    v: { const: 1 },
    id: { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxIdLength },
    at: { type: 'string', format: 'date-time' },
    actor: { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxNameLength },
    action: { type: 'string', maxLength: GOVERNANCE_LIMITS.maxNameLength, pattern: '^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+$' },
    subject: { type: 'string', minLength: 1, maxLength: GOVERNANCE_LIMITS.maxTextLength },
    payload: { type: 'object' },
  },
} as const;
