import type { AuditDto } from '@fulcrum/contracts';
import { decidePromotion, gateSince, isGated } from './promotion.gate';

const audit = { id: 'a-1', auditSeq: 12, ranAt: '2025-03-01T00:00:00.000Z', outcome: 'PASSED' } as AuditDto;

describe('promotion gate', () => {
  it('guards only the production alias', () => {
    expect(isGated('production')).toBe(true);
    expect(isGated('staging')).toBe(false);
    expect(isGated('Production')).toBe(false);
  });

  it('accepts audits back to exactly maxAgeDays before now', () => {
    expect(gateSince(new Date('2025-03-31T12:00:00.000Z'), 30).toISOString()).toBe('2025-03-01T12:00:00.000Z');
  });

  it('passes with an audit, records an override without one, blocks otherwise', () => {
    expect(decidePromotion(audit, null)).toEqual({ kind: 'passed', auditId: 'a-1', auditSeq: 12, ranAt: audit.ranAt });
    expect(decidePromotion(audit, 'not needed')).toEqual({ kind: 'passed', auditId: 'a-1', auditSeq: 12, ranAt: audit.ranAt });
    expect(decidePromotion(null, 'deadline')).toEqual({ kind: 'overridden', reason: 'deadline' });
    expect(decidePromotion(null, null)).toEqual({ kind: 'blocked' });
    expect(decidePromotion(null, undefined)).toEqual({ kind: 'blocked' });
    expect(decidePromotion(null, '')).toEqual({ kind: 'blocked' });
  });
});
