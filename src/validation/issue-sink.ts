/** What a field rule (nik-rule.ts, desa-rule.ts) needs from the row validator that runs it. */
import type { FieldKey } from './columns.ts';
import type { Cell } from './fields.ts';
import type { Message } from './messages.ts';
import type { RowErrorCode } from './types.ts';

/** Records one issue of the row being validated, on the column of `key`. */
export interface IssueSink {
  add(key: FieldKey, code: RowErrorCode, value: string, message: Message): void;
}

/** The column index of a field the file does not have. */
export const NO_COLUMN = -1;

/** The cell at a column index, undefined when the column is absent or the row is shorter. */
export const cellAt = (cells: readonly Cell[], index: number): Cell =>
  index === NO_COLUMN ? undefined : cells[index];
