import { Role } from '../auth/role';

/**
 * Who may call which person operation. The auth guard does not let ADMIN through by itself, so
 * every list names it.
 */
export const PERSON_ROLES = {
  /** erasePerson: GDPR erasure, as eraseDecisionSubject on the governance side. */
  erasePerson: [Role.COMPLIANCE, Role.ADMIN],
} as const satisfies Record<string, readonly Role[]>;
