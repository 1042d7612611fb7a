import { DomainError, Page } from '@app/contracts';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

interface CursorKey {
  t: string;
  id: string;
}

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify({ t: createdAt.toISOString(), id } satisfies CursorKey)).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorKey;
    if (typeof key.t !== 'string' || Number.isNaN(Date.parse(key.t)) || !/^[0-9a-f-]{36}$/.test(String(key.id))) throw new Error();
    return key;
  } catch {
    throw new DomainError(400, 'BAD_CURSOR', 'cursor is not one this API handed out', [{ field: 'cursor', message: 'invalid cursor' }]);
  }
}

/**
 * Keyset pagination, newest first, on (created_at, id). created_at must be timestamptz(3)
 * (millisecond precision, as a cursor carries it) with an index
 * on (created_at DESC, id DESC).
 */
export async function paginate<T extends ObjectLiteral & { createdAt: Date; id: string }>(
  qb: SelectQueryBuilder<T>,
  query: { limit?: number; cursor?: string },
): Promise<Page<T>> {
  const limit = query.limit ?? 50;
  const alias = qb.alias;
  if (query.cursor) {
    const key = decodeCursor(query.cursor);
    qb.andWhere(`(${alias}.created_at, ${alias}.id) < (:cursorT, :cursorId)`, { cursorT: key.t, cursorId: key.id });
  }
  const rows = await qb
    .orderBy(`${alias}.created_at`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .limit(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
