import { Role } from '../auth/role';

/**
 * Who may call which insight operation. The auth guard does not let ADMIN through by itself, so
 * every list names it. Operations without an entry (the insights, analyses, reproduceAnalysis,
 * identityConflicts) are open to every authenticated role.
 */
export const INSIGHT_ROLES = {
  /** sql: read-only SQL over the raw events and persons. */
  sql: [Role.DATA_SCIENTIST, Role.ADMIN],
  /** saveAnalysis */
  saveAnalysis: [Role.DATA_SCIENTIST, Role.PM, Role.ADMIN],
} as const satisfies Record<string, readonly Role[]>;
