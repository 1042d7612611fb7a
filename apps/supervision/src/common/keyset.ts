import { DataSource } from 'typeorm';
import { DomainError, Page } from '@app/contracts';
import { encodeCursor } from '@app/database';

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
    const [t, id] = decodeCursor(query.cursor);
    values.push(t, id);
    conditions.push(`(${alias}created_at, ${alias}id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  const rows: R[] = await dataSource.query(
    `SELECT ${columns} FROM ${table} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY ${alias}created_at DESC, ${alias}id DESC LIMIT ${limit + 1}`,
    values,
  );
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null };
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t: string; id: string };
    if (Number.isNaN(Date.parse(key.t)) || !/^[0-9a-f-]{36}$/.test(key.id)) throw new Error('bad cursor');
    return [key.t, key.id];
  } catch {
    throw new DomainError(400, 'BAD_CURSOR', 'cursor is not one this API handed out', [{ field: 'cursor', message: 'invalid cursor' }]);
  }
}
