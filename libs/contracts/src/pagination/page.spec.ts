import { DomainError } from '../errors/domain.error';
import { decodeCursor, encodeCursor, pageOf } from './page';

describe('cursor pages', () => {
  it('round-trips a sort key and keeps lists apart', () => {
    const cursor = encodeCursor('models', ['2026-01-01T00:00:00.000Z', 'a1']);
    expect(decodeCursor('models', cursor, 2)).toEqual(['2026-01-01T00:00:00.000Z', 'a1']);
    expect(() => decodeCursor('audits', cursor, 2)).toThrow(DomainError);
    expect(() => decodeCursor('models', cursor, 1)).toThrow('after is not a cursor of this list');
  });

  it('refuses junk and tampered cursors with VALIDATION_FAILED on `after`', () => {
    for (const junk of ['', '!!!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["models",{}]').toString('base64url')]) {
      try {
        decodeCursor('models', junk, 1);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).details).toEqual({ field: 'after' });
      }
    }
  });

  it('cuts first + 1 rows into a page with hasNextPage', () => {
    const page = pageOf([1, 2, 3], 2, 10, (n) => `c${n}`);
    expect(page).toEqual({ edges: [{ cursor: 'c1', node: 1 }, { cursor: 'c2', node: 2 }], totalCount: 10, hasNextPage: true });
    expect(pageOf([1], 2, 1, String).hasNextPage).toBe(false);
  });
});
