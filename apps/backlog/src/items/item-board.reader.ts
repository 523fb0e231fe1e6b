import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  BACKLOG_PAGES,
  type BacklogBoardReply,
  type BacklogBoardRequest,
  type BacklogItemDto,
  DomainError,
  type GetBacklogItemRequest,
  decodeCursor,
  encodeCursor,
  pageOf,
} from '@fulcrum/contracts';
import { preparedQuery } from '../infrastructure/prepared-query';
import { itemNotFound } from './item-change.guard';
import { checkFilterText } from './item-input.validator';
import { ITEM_COLUMNS, type ItemRow, toItemDto } from './item.mapper';
import { ItemsRepository } from './items.repository';

const BOARD_CURSOR = 'backlog-board';
const KEY = /^([A-Za-z][A-Za-z0-9]{1,9})-([1-9][0-9]{0,9})$/;
/** Rank keys are ASCII letters and digits (fractional-indexing's alphabet). */
const RANK = /^[0-9A-Za-z]{1,256}$/;

/** `%`, `_` and the escape character itself lose their LIKE meaning: user text matches literally. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Reading items: one by id or key, and the board (a track by rank, filtered). Every filter value
 * is a bound parameter; the SQL text is made only of fixed fragments chosen by which filters are
 * present.
 */
@Injectable()
export class ItemBoardReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly items: ItemsRepository,
  ) {}

  async get(request: GetBacklogItemRequest): Promise<BacklogItemDto> {
    if ((request.itemId === undefined) === (request.key === undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'Name exactly one of itemId and key.', { field: request.itemId === undefined ? 'itemId' : 'key' });
    }
    if (request.itemId !== undefined) {
      const row = await this.items.byId(request.projectId, request.itemId);
      if (!row) throw itemNotFound(request.itemId);
      return toItemDto(row);
    }
    const key = request.key as string;
    const match = KEY.exec(key);
    const row = match ? await this.items.byKey(request.projectId, match[1] as string, Number(match[2])) : null;
    if (!row) throw itemNotFound(key);
    return toItemDto(row);
  }

  async board(request: BacklogBoardRequest): Promise<BacklogBoardReply> {
    const first = request.first ?? BACKLOG_PAGES.board.default;
    const params: unknown[] = [request.projectId, request.track];
    const where = ['i.project_id = $1', 'i.track = $2'];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    // The same conditions on `backlog_item_counts`, while the filters are only state and kind.
    const countWhere = ['c.project_id = $1', 'c.track = $2'];
    if (request.states) {
      const states = bind(request.states);
      where.push(`i.state = ANY(${states}::text[])`);
      countWhere.push(`c.state = ANY(${states}::text[])`);
    }
    if (request.kinds) {
      const kinds = bind(request.kinds);
      where.push(`i.kind = ANY(${kinds}::text[])`);
      countWhere.push(`c.kind = ANY(${kinds}::text[])`);
    }
    if (request.label !== undefined) where.push(`i.labels @> ARRAY[${bind(checkFilterText('label', request.label).trim().toLowerCase())}]::text[]`);
    if (request.owner !== undefined) where.push(`i.owners @> ARRAY[${bind(request.owner.toLowerCase())}]::uuid[]`);
    if (request.text !== undefined) {
      const pattern = bind(likeContains(checkFilterText('text', request.text)));
      where.push(`(i.title ILIKE ${pattern} ESCAPE '\\' OR i.description ILIKE ${pattern} ESCAPE '\\')`);
    }
    // Filtered at most by state and kind: the sum of at most 8 states × 8 kinds rows of
    // `backlog_item_counts` (kept by triggers in the same transaction as every item change, see its
    // migration), whatever the track's size. Label, owner and text are not in that table: those
    // boards count their rows.
    const counted =
      request.label === undefined && request.owner === undefined && request.text === undefined
        ? `SELECT coalesce(sum(c.n), 0)::int AS total FROM backlog_item_counts c WHERE ${countWhere.join(' AND ')}`
        : `SELECT count(*)::int AS total FROM backlog_items i WHERE ${where.join(' AND ')}`;
    if (request.after !== undefined) where.push(`i.rank > ${bind(rankCursor(request.after))}`);
    // One statement, one round trip: the count's single row, joined to the page (no item columns
    // when the page is empty), so both read the same snapshot.
    const text = `SELECT t.total, page.* FROM (${counted}) t
         LEFT JOIN LATERAL (
           SELECT ${ITEM_COLUMNS} FROM backlog_items i JOIN backlog_projects p ON p.project_id = i.project_id
            WHERE ${where.join(' AND ')} ORDER BY i.rank LIMIT ${bind(first + 1)}) page ON true
        ORDER BY page.rank`;
    const rows = await preparedQuery<ItemRow & { total: number }>(this.dataSource.manager, boardStatementName(text), text, params);
    const count = rows[0]?.total ?? 0;
    const items = rows[0]?.id === null ? [] : rows;
    return pageOf(items.map(toItemDto), first, count, (item) => encodeCursor(BOARD_CURSOR, [item.rank]));
  }
}

/** The filters present choose one of at most 2^6 fixed texts: one prepared statement each. */
const boardStatements = new Map<string, string>();

function boardStatementName(text: string): string {
  let name = boardStatements.get(text);
  if (name === undefined) {
    name = `backlog.board.${boardStatements.size}`;
    boardStatements.set(text, name);
  }
  return name;
}

function rankCursor(after: string): string {
  const [rank] = decodeCursor(BOARD_CURSOR, after, 1);
  if (typeof rank !== 'string' || !RANK.test(rank)) throw new DomainError('VALIDATION_FAILED', 'after is not a cursor of this list', { field: 'after' });
  return rank;
}
