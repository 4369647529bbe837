import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';

// The console's long lists (items, advocates), a page at a time by keyset: a page starts after (or ends before)
// the sort key and id of a row, so page 200 costs what page 1 does, and a row added meanwhile shifts nothing.

/** Which page: the first, the one after or before a row (a cursor from an earlier page), or the last. */
export interface PageRequest {
  after?: string | undefined;
  before?: string | undefined;
  last?: boolean | undefined;
  limit: number;
}

export interface ListPage<T> {
  rows: T[];
  /** Rows matching the filters, on every page. */
  total: number;
  /** Rows before this page's first. */
  offset: number;
  /** Cursors for the pages after and before this one; null at either end. */
  next: string | null;
  previous: string | null;
}

/** A sort order: an expression that is never null, its type (to read a cursor back), and its direction. */
export interface SortOrder {
  key: RawBuilder<unknown>;
  type: 'timestamptz' | 'text';
  descending: boolean;
}

/** A cursor that cannot be read (edited by hand, or from an older kaiku): the page answers 400 and links to the first page. */
export class PageCursorError extends Error {}

const encode = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url');

// What PostgreSQL writes for a timestamptz as text, and a bigint id: a cursor's parts must read back as such.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;
const BIGINT = /^\d{1,18}$/;

function decode(cursor: string, keyType: SortOrder['type'], idType: 'text' | 'bigint'): [string, string] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((part) => typeof part === 'string' && part.length <= 1000) &&
    (keyType === 'text' || TIMESTAMP.test(value[0] as string)) &&
    (idType === 'text' || BIGINT.test(value[1] as string))
  )
    return value as [string, string];
  throw new PageCursorError('this page link is not one kaiku made (or it was cut short)');
}

/** `text` as an ILIKE pattern that matches it anywhere, its own % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of `from` (tables and joins) filtered by `where`, in `order` then by `id` (the tiebreak, unique), with
 * the total and the page's position. `columns` are what a row holds. A cursor that is not one of ours throws
 * PageCursorError before any query runs.
 */
export async function listPage<T>(
  db: Kysely<Database>,
  spec: {
    columns: RawBuilder<unknown>;
    from: RawBuilder<unknown>;
    where: RawBuilder<unknown>;
    id: RawBuilder<unknown>;
    idType: 'text' | 'bigint';
    order: SortOrder;
  },
  request: PageRequest,
): Promise<ListPage<T>> {
  const { key, type, descending } = spec.order;
  const value = (cursor: string) => {
    const [sortKey, id] = decode(cursor, type, spec.idType);
    return sql`(${sql.val(sortKey)}::${sql.raw(type)}, ${sql.val(id)})`;
  };
  const row = sql`(${key}, ${spec.id})`;
  // Reading backwards (the page before a row, or the last page): the order turned round, the rows turned back.
  const backwards = request.before !== undefined || request.last === true;
  const ascending = descending === backwards;
  const bound =
    request.after !== undefined
      ? sql`and ${row} ${sql.raw(descending ? '<' : '>')} ${value(request.after)}`
      : request.before !== undefined
        ? sql`and ${row} ${sql.raw(descending ? '>' : '<')} ${value(request.before)}`
        : sql``;
  const direction = sql.raw(ascending ? 'asc' : 'desc');
  const count = async () => {
    const counted = await sql<{ n: string }>`select count(*) as n from ${spec.from} where ${spec.where}`.execute(db);
    return Number(counted.rows[0]?.n ?? 0);
  };
  const read = (limit: number) =>
    sql<T & { sort_key: string; row_id: string }>`
      select ${spec.columns}, (${key})::text as sort_key, (${spec.id})::text as row_id from ${spec.from}
      where ${spec.where} ${bound}
      order by ${key} ${direction}, ${spec.id} ${direction} limit ${limit}`.execute(db);
  let total: number;
  let found: Awaited<ReturnType<typeof read>>;
  if (request.last === true) {
    // The last page is the one Next ends on (101–130 of 130, not 81–130): its size is what the full pages leave.
    total = await count();
    found = await read(total % request.limit || request.limit);
  } else [found, total] = await Promise.all([read(request.limit), count()]);
  const rows = backwards ? found.rows.reverse() : found.rows;
  const first = rows[0];
  const last = rows[rows.length - 1];
  let offset = 0;
  if (first) {
    const before = await sql<{ n: string }>`
      select count(*) as n from ${spec.from} where ${spec.where} and ${row} ${sql.raw(descending ? '>' : '<')} ${value(encode(first.sort_key, first.row_id))}`.execute(
      db,
    );
    offset = Number(before.rows[0]?.n ?? 0);
  }
  return {
    rows: rows.map(({ sort_key: _key, row_id: _id, ...rest }) => rest as T),
    total,
    offset,
    next: last && offset + rows.length < total ? encode(last.sort_key, last.row_id) : null,
    previous: first && offset > 0 ? encode(first.sort_key, first.row_id) : null,
  };
}
