import { DomainError, encodeCursor } from '@fulcrum/contracts';
import type { RejectedDecisionRow, RejectedDecisionsSlice } from './rejected-decisions.reader';
import { rejectedDecisionsAfter, rejectedDecisionsPage } from './rejected-decisions.service';

function stored(id: number): RejectedDecisionRow {
  return {
    id: String(id),
    stream_seq: String(100 + id),
    row_index: -1,
    model_version_id: null,
    decision_id: null,
    code: 'ACTOR_MISSING',
    reason: 'no actor header',
    payload: '{"v":2}',
    actor: null,
    rejected_at: '2026-03-01T00:00:00.000Z',
    erased_at: null,
  };
}

const slice = (ids: number[], fetched: number, total: number): RejectedDecisionsSlice => ({ rows: ids.map(stored), fetched, total });

function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? { code: error.code, details: error.details } : error;
  }
  return 'no error';
}

describe('rejected decisions page', () => {
  it('ends a page at `first` rows and says more follow when the extra row was read', () => {
    const page = rejectedDecisionsPage(slice([4, 7, 9], 3, 10), 2);
    expect(page.edges.map((e) => e.node.id)).toEqual([4, 7]);
    expect(page).toMatchObject({ totalCount: 10, hasNextPage: true });
  });

  it('says no more follow when fewer rows than `first + 1` were read and none was cut', () => {
    expect(rejectedDecisionsPage(slice([4, 7], 2, 2), 2)).toMatchObject({ hasNextPage: false, totalCount: 2 });
    expect(rejectedDecisionsPage(slice([], 0, 0), 50)).toEqual({ edges: [], totalCount: 0, hasNextPage: false });
  });

  it('says more follow when the byte budget cut the page short of `first`', () => {
    // Five rows followed the cursor; the budget kept two of them.
    const page = rejectedDecisionsPage(slice([4, 7], 5, 12), 50);
    expect(page.edges.map((e) => e.node.id)).toEqual([4, 7]);
    expect(page.hasNextPage).toBe(true);
    // The budget cut exactly at `first`: the extra row was read, so more follow too.
    expect(rejectedDecisionsPage(slice([4, 7], 3, 12), 2).hasNextPage).toBe(true);
  });

  it('gives each row a cursor that the next request reads back as its id', () => {
    const page = rejectedDecisionsPage(slice([4, 7], 2, 2), 5);
    expect(page.edges.map((e) => rejectedDecisionsAfter(e.cursor))).toEqual([4, 7]);
    expect(rejectedDecisionsAfter(undefined)).toBe(0);
  });

  it('refuses a cursor of another list, a tampered one, or one whose id is not an integer, with VALIDATION_FAILED on after', () => {
    const bad = { code: 'VALIDATION_FAILED', details: { field: 'after' } };
    for (const cursor of [
      'not a cursor',
      encodeCursor('audit-trail', [3]),
      encodeCursor('audits', ['2026-03-01T00:00:00.000Z', '0b7e4c1e-3f3a-4d5e-8a9b-222222222222']),
      encodeCursor('rejected-decisions', ['3']),
      encodeCursor('rejected-decisions', [1.5]),
      encodeCursor('rejected-decisions', [2 ** 60]),
      encodeCursor('rejected-decisions', [3, 4]),
      Buffer.from('["rejected-decisions",3', 'utf8').toString('base64url'),
    ]) {
      expect([cursor, refusal(() => rejectedDecisionsAfter(cursor))]).toEqual([cursor, bad]);
    }
  });
});
