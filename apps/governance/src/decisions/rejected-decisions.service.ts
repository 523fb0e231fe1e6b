import { Injectable } from '@nestjs/common';
import {
  type ListRejectedDecisionsReply,
  type ListRejectedDecisionsRequest,
  type Page,
  REJECTED_DECISION_LIMITS,
  type RejectedDecisionDto,
  encodeCursor,
  pageOf,
} from '@fulcrum/contracts';
import { integerCursor } from '../infrastructure/list-cursor.decoder';
import { toRejectedDecisionDto } from './rejected-decision.mapper';
import { RejectedDecisionsReader, type RejectedDecisionsSlice } from './rejected-decisions.reader';

const REJECTED_DECISIONS_CURSOR = 'rejected-decisions';

/**
 * The project's rejected JetStream decisions, oldest first (by id; the cursor is the id). Every
 * insert into `rejected_decisions` holds the recording lock until it commits, so ids become
 * visible in order: a reader who keeps the last `endCursor` and asks again later gets exactly the
 * rows rejected since.
 */
@Injectable()
export class RejectedDecisionsService {
  constructor(private readonly reader: RejectedDecisionsReader) {}

  async list(request: ListRejectedDecisionsRequest, first: number): Promise<ListRejectedDecisionsReply> {
    const afterId = rejectedDecisionsAfter(request.after);
    const slice = await this.reader.page(request.projectId, afterId, first + 1, REJECTED_DECISION_LIMITS.pagePayloadBytes);
    return rejectedDecisionsPage(slice, first);
  }
}

/** The id a page starts after: 0 (before every row) without a cursor; VALIDATION_FAILED on `after` for a cursor of another list or a tampered one. */
export function rejectedDecisionsAfter(after: string | undefined): number {
  return after === undefined ? 0 : integerCursor(REJECTED_DECISIONS_CURSOR, after);
}

/**
 * The page of a slice read with limit `first + 1`: at most `first` rows; more follow when a row
 * beyond them was read, or when the byte budget cut the slice short of what was read.
 */
export function rejectedDecisionsPage(slice: RejectedDecisionsSlice, first: number): Page<RejectedDecisionDto> {
  const page = pageOf(slice.rows.map(toRejectedDecisionDto), first, slice.total, (row) => encodeCursor(REJECTED_DECISIONS_CURSOR, [row.id]));
  return { ...page, hasNextPage: slice.fetched > page.edges.length };
}
