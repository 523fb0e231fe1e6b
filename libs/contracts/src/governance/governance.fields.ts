/**
 * Field schemas the governance request messages share (the governance service validates with ajv).
 * Every project-scoped request requires `projectId`; none carries an actor (it is the request
 * envelope's, in the NATS headers).
 */
import { Type } from '@sinclair/typebox';
import { GOVERNANCE_LIMITS } from './governance.enums';

export const name = () => Type.String({ minLength: 1, maxLength: GOVERNANCE_LIMITS.maxNameLength });
export const text = () => Type.String({ maxLength: GOVERNANCE_LIMITS.maxTextLength });
export const requiredText = () => Type.String({ minLength: 1, maxLength: GOVERNANCE_LIMITS.maxTextLength });
/** An id chosen by a caller (decision ids, subject pseudonyms). */
export const callerId = () => Type.String({ minLength: 1, maxLength: GOVERNANCE_LIMITS.maxIdLength });
/** `sha256:` + 64 lowercase hex. */
export const sha256 = () => Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });
export const timestamp = () => Type.String({ format: 'date-time' });
