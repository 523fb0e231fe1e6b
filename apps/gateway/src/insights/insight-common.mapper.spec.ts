import { DomainError } from '@fulcrum/contracts';
import { toPropertyFilters, toRequestBase } from './insight-common.mapper';

describe('insight request mapping', () => {
  it('passes filters on field by field, leaving out what was not given', () => {
    expect(
      toPropertyFilters(
        [
          { property: 'plan', operator: 'in', value: ['pro', 1, true], type: 'person' },
          { property: '$browser', operator: 'is_set' },
        ],
        'filters',
      ),
    ).toEqual([
      { property: 'plan', operator: 'in', value: ['pro', 1, true], type: 'person' },
      { property: '$browser', operator: 'is_set' },
    ]);
  });

  it('refuses a filter value that is not a scalar or a flat list of scalars, naming the field', () => {
    for (const value of [{ a: 1 }, [['x']], [{ a: 1 }]]) {
      let error: unknown;
      try {
        toPropertyFilters([{ property: 'p', operator: 'eq' }, { property: 'q', operator: 'in', value }], 'insight.funnel.filters');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'insight.funnel.filters[1].value' } });
    }
  });

  it('sends asOfDataVersion only when given', () => {
    expect(toRequestBase('p', 'UTC', null)).toEqual({ projectId: 'p', timeZone: 'UTC' });
    expect(toRequestBase('p', 'UTC', undefined)).toEqual({ projectId: 'p', timeZone: 'UTC' });
    expect(toRequestBase('p', 'Asia/Tokyo', '0')).toEqual({ projectId: 'p', timeZone: 'Asia/Tokyo', asOfDataVersion: '0' });
  });
});
