import { DataSource } from 'typeorm';
import type { Page } from '@app/contracts';
import { decodeCursor, encodeCursor } from '@app/database';

interface KeyedRow {
  id: string;
  created_at: Date;
}

/**
 * Keyset pagination, newest first, over a table with `created_at timestamptz(3)` and a
 * uuid `id` and an index on (created_at DESC, id DESC); `where` holds numbered parameters;
 * `alias` (e.g. `i.`) qualifies the key columns when `table` is a join.
 */
export async function keysetPage<R extends KeyedRow, T>(
  dataSource: DataSource,
  table: string,
  where: string[],
  params: unknown[],
  query: { limit?: number; cursor?: string },
  map: (row: R) => T,
  columns = '*',
  alias = '',
): Promise<Page<T>> {
  const limit = query.limit ?? 50;
  const conditions = [...where];
  const values = [...params];
  if (query.cursor) {
    const { t, id } = decodeCursor(query.cursor);
    values.push(t, id);
    conditions.push(`(${alias}created_at, ${alias}id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  // raw SQL: the caller's table or subquery and conditions, paged by a row comparison ((created_at, id) < (...))
  const rows: R[] = await dataSource.query(
    `SELECT ${columns} FROM ${table} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY ${alias}created_at DESC, ${alias}id DESC LIMIT ${limit + 1}`,
    values,
  );
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null };
}
