import fc from 'fast-check';
import { DomainError } from '@fulcrum/contracts';
import { ESTIMATE_SCALES } from './backlog.vocabulary';
import { UNESTIMATED_WEIGHT, assertEstimate, estimateValues, estimateWeight } from './estimate.scale';

describe('estimate scales', () => {
  it('lists each scale and weighs its values', () => {
    expect(estimateValues('FIBONACCI')).toEqual(['0', '1', '2', '3', '5', '8', '13', '21']);
    expect(estimateValues('FIBONACCI').map((v) => estimateWeight('FIBONACCI', v))).toEqual([0, 1, 2, 3, 5, 8, 13, 21]);
    expect(estimateValues('TSHIRT')).toEqual(['XS', 'S', 'M', 'L', 'XL']);
    expect(estimateValues('TSHIRT').map((v) => estimateWeight('TSHIRT', v))).toEqual([1, 2, 3, 5, 8]);
    expect(estimateValues('NONE')).toEqual([]);
  });

  it('weighs an unestimated item 1 on every scale, so unestimated chains count by length', () => {
    expect(UNESTIMATED_WEIGHT).toBe(1);
    for (const scale of ESTIMATE_SCALES) {
      expect(() => assertEstimate(scale, null)).not.toThrow();
      expect(estimateWeight(scale, null)).toBe(1);
    }
  });

  it('rejects values off the scale, listing the allowed ones', () => {
    const error = (() => {
      try {
        assertEstimate('FIBONACCI', '4');
      } catch (e) {
        return e as DomainError;
      }
      throw new Error('expected a rejection');
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ scale: 'FIBONACCI', estimate: '4', allowed: ['0', '1', '2', '3', '5', '8', '13', '21'] });
    expect(error.message).toContain('0, 1, 2, 3, 5, 8, 13, 21');
    expect(() => assertEstimate('TSHIRT', 'xl')).toThrow('XS, S, M, L, XL');
    expect(() => assertEstimate('NONE', '1')).toThrow('scale NONE');
    expect(() => estimateWeight('TSHIRT', '3')).toThrow(DomainError);
  });

  it('accepts a string exactly when it is one of the scale values', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ESTIMATE_SCALES), fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('0', '13', 'XL', 'M', ' 1', '01')), (scale, value) => {
        const allowed = estimateValues(scale).includes(value);
        if (allowed) expect(() => assertEstimate(scale, value)).not.toThrow();
        else expect(() => assertEstimate(scale, value)).toThrow(DomainError);
      }),
    );
  });
});
