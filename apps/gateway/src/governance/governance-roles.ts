import { DomainError } from '@fulcrum/contracts';
import { GATE_OVERRIDE_ROLES } from '../auth/authorization.matrix';
import type { Principal } from '../auth/principal';

/** Only compliance reviewers and project admins (of the model's project) may override the promotion gate. */
export function assertMayOverrideGate(principal: Principal, projectId: string, gateOverrideReason: string | null | undefined): void {
  if (gateOverrideReason === undefined || gateOverrideReason === null) return;
  const held = principal.rolesIn(projectId);
  if (!GATE_OVERRIDE_ROLES.some((role) => held.has(role))) {
    throw new DomainError('FORBIDDEN', `Only these roles may override the promotion gate: ${GATE_OVERRIDE_ROLES.join(', ')}.`, {
      roles: [...held],
      field: 'gateOverrideReason',
    });
  }
}
