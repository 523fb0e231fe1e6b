import { type AuditDto, PRODUCTION_ALIAS } from '@fulcrum/contracts';

const DAY_MS = 86_400_000;

/** What the promotion gate decided for one alias move. */
export type PromotionDecision =
  /** Not the production alias: no audit needed. */
  | { kind: 'not-gated' }
  /** A PASSED audit recent enough. */
  | { kind: 'passed'; auditId: string; auditSeq: number; ranAt: string }
  /** No such audit, moved anyway by a compliance reviewer (recorded). */
  | { kind: 'overridden'; reason: string }
  /** No such audit and no override: PROMOTION_BLOCKED. */
  | { kind: 'blocked' };

export function isGated(alias: string): boolean {
  return alias === PRODUCTION_ALIAS;
}

/** The oldest audit time the gate accepts. */
export function gateSince(now: Date, maxAgeDays: number): Date {
  return new Date(now.getTime() - maxAgeDays * DAY_MS);
}

/**
 * The gate for a gated alias. An override reason sent although a passing audit exists is not an
 * override (nothing was bypassed) and is not recorded as one.
 */
export function decidePromotion(passedAudit: AuditDto | null, overrideReason: string | null | undefined): PromotionDecision {
  if (passedAudit) return { kind: 'passed', auditId: passedAudit.id, auditSeq: passedAudit.auditSeq, ranAt: passedAudit.ranAt };
  if (overrideReason) return { kind: 'overridden', reason: overrideReason };
  return { kind: 'blocked' };
}
