import type { z } from 'zod';
import { errorClass } from '../shared/errors.ts';

/** An item read from a table does not have the shape the code expects: a retry reads the same item. */
export class CorruptItemError extends errorClass('CorruptItemError', {
  code: 'CORRUPT_ITEM',
  kind: 'internal',
  retryable: false,
}) {}

/**
 * Parses an item read from a table at the adapter's edge, so a malformed item is a clear error naming the
 * table, the key (the item's own `<pk> / <sk>` unless given) and the fields, not a cast that fails later
 * somewhere else (issue #14).
 */
export function parseStoredItem<S extends z.ZodType>(
  schema: S,
  item: Record<string, unknown>,
  where: { table: string; key?: string },
): z.infer<S> {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const key = where.key ?? `${String(item.pk)} / ${String(item.sk)}`;
  const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; ');
  throw new CorruptItemError(
    `Data tersimpan rusak di tabel ${where.table}, kunci ${key}: ${fields}`,
    `A stored item is malformed in table ${where.table}, key ${key}: ${fields}`,
  );
}
