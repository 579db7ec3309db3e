import type { z } from 'zod';
import { LindungError } from '../shared/errors.ts';

/**
 * Parses an item read from a table at the adapter's edge, so a malformed item is a clear error naming the
 * table, the key and the fields, not a cast that fails later somewhere else (issue #14).
 */
export function parseStoredItem<S extends z.ZodType>(
  schema: S,
  item: Record<string, unknown>,
  where: { table: string; key: string },
): z.infer<S> {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; ');
  throw new LindungError(
    'internal',
    'CORRUPT_ITEM',
    `Data tersimpan rusak di tabel ${where.table}, kunci ${where.key}: ${fields}`,
    `A stored item is malformed in table ${where.table}, key ${where.key}: ${fields}`,
  );
}
