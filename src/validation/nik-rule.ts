/**
 * The NIK column: format (16 digits, Excel's mangling), duplicates in the file, and what the NIK encodes
 * (kecamatan, birth date, gender) against the row's other cells. Written for throughput: the digits are read
 * once into two 8-digit halves, and masks and messages are built only when an issue is reported.
 */
import { formatDate, type Ymd } from './dates.ts';
import { type Cell, cellText } from './fields.ts';
import type { IssueSink } from './issue-sink.ts';
import { rowMessages } from './messages.ts';
import {
  cleanNik,
  detectExcelMangling,
  maskNik,
  type NikFields,
  nikDateIsValid,
  numberToDigits,
} from './nik.ts';
import { NikIndex } from './nik-index.ts';
import type { RegionDirectory } from './regions.ts';
import type { Gender } from './types.ts';

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The column names the NIK messages mention (as written in the file). */
export interface NikColumnNames {
  nik: string;
  tanggalLahir: string;
  jenisKelamin: string;
}

/** The NIK rules of one file: keeps the NIKs seen so far (DUPLICATE_IN_FILE). */
export class NikRule {
  /**
   * Room for a million NIKs from the start: the table is zero-filled memory the system hands out page by page
   * as it is touched, so a small file costs no more, and a large one is never rehashed while it grows.
   */
  private readonly nikIndex: NikIndex;
  private readonly scratch: NikFields = { kecamatan: 0, encodedDay: 0, day: 0, month: 0, yy: 0, gender: 'L' };
  /** The row's NIK as two 8-digit halves (digits 1–8, 9–16), set by readNik. */
  private nikHi = 0;
  private nikLo = 0;
  /**
   * The batch read by {@link prepare}: per row index, the NIK cell, and when it is 16 digits its halves and
   * its home slot in the index (else -1: checked the long way), at index capacity `preparedCapacity`.
   */
  private readonly preparedCells: Cell[] = [];
  private preparedHi = new Uint32Array(0);
  private preparedLo = new Uint32Array(0);
  private preparedSlot = new Int32Array(0);
  private preparedCapacity = 0;
  /** The home slots of the batch's readable NIKs, packed for {@link NikIndex.prefetch}. */
  private homes = new Int32Array(0);
  /** The home slot of the row being checked when {@link prepare} worked it out, else -1. */
  private home = -1;

  constructor(
    private readonly regions: RegionDirectory,
    private readonly names: NikColumnNames,
    private readonly sink: IssueSink,
    /** NIKs the duplicate index holds before it first grows (tests make it grow early). */
    room = 1 << 20,
  ) {
    this.nikIndex = new NikIndex(room);
  }

  /** True when `s` is 16 ASCII digits; then nikHi / nikLo hold its halves. */
  private readNik(s: string): boolean {
    if (s.length !== 16) return false;
    let hi = 0;
    for (let k = 0; k < 8; k++) {
      const d = s.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return false;
      hi = hi * 10 + d;
    }
    let lo = 0;
    for (let k = 8; k < 16; k++) {
      const d = s.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return false;
      lo = lo * 10 + d;
    }
    this.nikHi = hi;
    this.nikLo = lo;
    return true;
  }

  /**
   * Reads the NIK cells (column `column`) of a batch of rows before they are checked one by one: each
   * 16-digit text NIK is read once, and the duplicate index's slots for all of them are fetched together
   * ({@link NikIndex.prefetch}). Then `check(…, i)` for row `i` of the batch starts from what was read here.
   */
  prepare(rows: readonly (readonly Cell[])[], column: number): void {
    const count = rows.length;
    if (this.preparedSlot.length < count) {
      const size = Math.max(count, 2 * this.preparedSlot.length);
      this.preparedHi = new Uint32Array(size);
      this.preparedLo = new Uint32Array(size);
      this.preparedSlot = new Int32Array(size);
      this.homes = new Int32Array(size);
    }
    const index = this.nikIndex;
    const cells = this.preparedCells;
    cells.length = count;
    let homes = 0;
    for (let i = 0; i < count; i++) {
      const cell = (rows[i] as readonly Cell[])[column];
      cells[i] = cell;
      if (typeof cell === 'string' && this.readNik(cell)) {
        const home = index.slotOf(this.nikHi, this.nikLo);
        this.preparedHi[i] = this.nikHi;
        this.preparedLo[i] = this.nikLo;
        this.preparedSlot[i] = home;
        this.homes[homes++] = home;
      } else this.preparedSlot[i] = -1;
    }
    index.prefetch(this.homes, homes);
    this.preparedCapacity = index.capacity;
  }

  /**
   * Checks the NIK cell of data row `row`; returns the 16-digit NIK when its format is right (other NIK
   * issues may still reject the row). `birth` and `gender` are the row's, when readable. `prepared`: the
   * row's index in the batch last given to {@link prepare}, or -1.
   */
  check(
    cell: Cell,
    row: number,
    birth: Ymd | undefined,
    gender: Gender | undefined,
    genderText: string,
    prepared = -1,
  ): string | undefined {
    const sink = this.sink;
    let nik: string;
    this.home = -1;
    // A clean 16-digit text cell that prepare has read already (its halves, and its home slot while the
    // index has not grown since).
    const readByPrepare =
      prepared >= 0 &&
      prepared < this.preparedCells.length &&
      (this.preparedSlot[prepared] as number) >= 0 &&
      this.preparedCells[prepared] === cell;
    if (readByPrepare) {
      this.nikHi = this.preparedHi[prepared] as number;
      this.nikLo = this.preparedLo[prepared] as number;
      if (this.preparedCapacity === this.nikIndex.capacity) this.home = this.preparedSlot[prepared] as number;
    }
    if (readByPrepare || (typeof cell === 'string' && this.readNik(cell))) {
      // The common case: a clean 16-digit text cell.
      nik = cell as string;
      if (this.nikLo % 10000 === 0) {
        const masked = maskNik(nik);
        sink.add('nik', 'NIK_EXCEL_MANGLED', masked, rowMessages.nikExcelMangled(masked));
        return undefined;
      }
    } else {
      const text = typeof cell === 'number' ? numberToDigits(cell) : cellText(cell);
      if (text === '') {
        sink.add('nik', 'MISSING_FIELD', '', rowMessages.missingField(this.names.nik));
        return undefined;
      }
      if (detectExcelMangling(typeof cell === 'number' ? cell : text)) {
        const masked = maskNik(text);
        sink.add('nik', 'NIK_EXCEL_MANGLED', masked, rowMessages.nikExcelMangled(masked));
        return undefined;
      }
      nik = cleanNik(text);
      if (!this.readNik(nik)) {
        const masked = maskNik(text);
        const digits = nik.replace(/\D/g, '').length;
        sink.add('nik', 'NIK_FORMAT', masked, rowMessages.nikFormat(masked, digits, digits !== nik.length));
        return undefined;
      }
    }
    this.checkParts(nik, row, birth, gender, genderText);
    return nik;
  }

  /** Duplicates, region, date and gender of a 16-digit NIK. */
  private checkParts(
    nik: string,
    row: number,
    birth: Ymd | undefined,
    gender: Gender | undefined,
    genderText: string,
  ): void {
    const { names, sink } = this;
    const hi = this.nikHi;
    const lo = this.nikLo;
    const first =
      this.home >= 0
        ? this.nikIndex.firstRowAt(this.home, hi, lo, row)
        : this.nikIndex.firstRowOfHalves(hi, lo, row);
    if (first !== undefined) {
      const masked = maskNik(nik);
      sink.add('nik', 'DUPLICATE_IN_FILE', masked, rowMessages.duplicateInFile(masked, first));
    }
    // nikFields(nik) from the halves: hi = PPKKCCDD, lo = MMYYSSSS.
    const decoded = this.scratch;
    const encodedDay = hi % 100;
    const female = encodedDay > 40;
    decoded.kecamatan = (hi - encodedDay) / 100;
    decoded.encodedDay = encodedDay;
    decoded.day = female ? encodedDay - 40 : encodedDay;
    decoded.month = Math.floor(lo / 1_000_000);
    decoded.yy = Math.floor(lo / 10_000) % 100;
    decoded.gender = female ? 'P' : 'L';
    if (!this.regions.isKnownKecamatan(decoded.kecamatan)) {
      const masked = maskNik(nik);
      sink.add('nik', 'NIK_UNKNOWN_REGION', masked, rowMessages.nikUnknownRegion(masked));
    }
    if (!nikDateIsValid(decoded, birth?.year)) {
      const masked = maskNik(nik);
      sink.add(
        'nik',
        'NIK_INVALID_DATE',
        masked,
        rowMessages.nikInvalidDate(masked, decoded.encodedDay, decoded.month),
      );
    } else if (
      birth &&
      (birth.day !== decoded.day || birth.month !== decoded.month || birth.year % 100 !== decoded.yy)
    ) {
      const masked = maskNik(nik);
      const nikDate = `${pad2(decoded.day)}-${pad2(decoded.month)}-${pad2(decoded.yy)}`;
      sink.add(
        'nik',
        'NIK_BIRTHDATE_MISMATCH',
        masked,
        rowMessages.nikBirthdateMismatch(
          masked,
          nikDate,
          formatDate(birth, 'dd-mm-yyyy'),
          names.tanggalLahir,
        ),
      );
    }
    const day = decoded.encodedDay;
    const dayPlausible = (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
    if (gender && dayPlausible && gender !== decoded.gender) {
      const masked = maskNik(nik);
      sink.add(
        'nik',
        'NIK_GENDER_MISMATCH',
        masked,
        rowMessages.nikGenderMismatch(masked, decoded.gender, genderText, names.jenisKelamin),
      );
    }
  }
}
