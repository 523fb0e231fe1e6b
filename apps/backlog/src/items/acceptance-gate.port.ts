import type { EntityManager } from 'typeorm';
import type { LockedItem } from './locked-item';

/**
 * The gate every move to ACCEPTED passes (provided by the success-metrics module, which owns the
 * metrics and their evaluations). Who may accept or override is the gateway's authorization
 * matrix (PM or ADMIN), not this port's concern.
 */
export const ACCEPTANCE_GATE = Symbol('ACCEPTANCE_GATE');

export interface AcceptanceGatePort {
  /**
   * In the move's transaction. Throws ACCEPTANCE_BLOCKED when a metric's latest evaluation is not
   * MET and there is no override reason; returns what to record.
   */
  check(manager: EntityManager, item: LockedItem, overrideReason: string | null): Promise<{ overridden: boolean; detail: Record<string, unknown> }>;
}
