import { DomainError, GOVERNANCE_LIMITS } from '@fulcrum/contracts';
import type { Principal } from '../auth/principal';
import { Role } from '../auth/role';

/**
 * Who may call which governance operation (see the table in governance.module.ts). The auth guard
 * does not let ADMIN through by itself, so every list names it. Reads carry no `@Roles`: any
 * authenticated role may read.
 */
export const GOVERNANCE_ROLES = {
  /** registerModel, registerModelVersion */
  registerModels: [Role.DATA_SCIENTIST, Role.ADMIN],
  /** setAlias (the production gate itself is enforced by the governance service) */
  moveAliases: [Role.DATA_SCIENTIST, Role.COMPLIANCE, Role.ADMIN],
  /** setAlias with gateOverrideReason */
  overrideGate: [Role.COMPLIANCE, Role.ADMIN],
  /** recordDecisions, recordOutcomes */
  recordDecisions: [Role.DATA_SCIENTIST, Role.ADMIN],
  /** runAudit, exportAuditTrail, eraseDecisionSubject */
  review: [Role.COMPLIANCE, Role.ADMIN],
} as const satisfies Record<string, readonly Role[]>;

/** Only compliance reviewers (and admins) may override the promotion gate. */
export function assertMayOverrideGate(principal: Principal, gateOverrideReason: string | null | undefined): void {
  if (gateOverrideReason === undefined || gateOverrideReason === null) return;
  const allowed: readonly Role[] = GOVERNANCE_ROLES.overrideGate;
  if (!allowed.includes(principal.role)) {
    throw new DomainError('FORBIDDEN', `Only these roles may override the promotion gate: ${allowed.join(', ')}.`, {
      role: principal.role,
      field: 'gateOverrideReason',
    });
  }
}

/**
 * The `actor` recorded by the governance service: `token:<tokenId>:<name>`, from the authenticated
 * principal only. The contracts cap actors at maxNameLength characters while token names may be as
 * long themselves, so the name part is cut to fit (the token id alone identifies the caller).
 */
export function actorOf(principal: Principal): string {
  const prefix = `token:${principal.tokenId}:`;
  const room = Math.max(0, GOVERNANCE_LIMITS.maxNameLength - prefix.length);
  const name = Array.from(principal.name).slice(0, room).join('');
  return `${prefix}${name}`;
}
