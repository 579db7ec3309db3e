import { describe, expect, it } from 'vitest';
import { decodeMixed } from './csv-reader.ts';
import { MAX_NAME_CHARS, MAX_NAME_WORDS, nameProblem } from './fields.ts';
import { bytesOf, codesOf, run, runFixture } from './test-helpers.ts';

const HEADER = 'NIK,Nama Lengkap,Tanggal Lahir,Jenis Kelamin,Kode Desa,Pekerjaan,No HP\n';
const row = (name: string) => `6408045708900001,${name},17-08-1990,P,6408042001,Petani,\n`;
const budi = (name: string) => `6408010501850002,${name},05-01-1985,L,6408012001,Nelayan,\n`;

describe('mixed encodings', () => {
  it('reads a UTF-8 file with one stray Windows-1252 byte without re-decoding the valid UTF-8 around it', async () => {
    const { results, error } = await runFixture('mixed-utf8-win1252.csv');
    expect(error).toBeUndefined();
    expect(results.map((r) => (r.kind === 'valid' ? r.worker.name : codesOf(r)))).toEqual([
      'José Ñúñez',
      'Budi Peña',
      'Ñoman Şahin',
    ]);
  });

  it('reads UTF-8 sequences as UTF-8 and every other byte as Windows-1252, one byte at a time', () => {
    const bytes = Buffer.concat([Buffer.from('Ñoman '), Buffer.from([0xe9, 0x80]), Buffer.from(' Şahin')]);
    expect(decodeMixed(bytes)).toBe('Ñoman é€ Şahin');
    // A truncated or overlong sequence is not UTF-8: its bytes are read as Windows-1252.
    expect(decodeMixed(Buffer.from([0x41, 0xc3, 0x41, 0xc0, 0x80]))).toBe('AÃAÀ€');
    expect(decodeMixed(Buffer.from('😀 ok'))).toBe('😀 ok');
  });

  it('keeps UTF-8 right when the stray byte falls in another read chunk than the UTF-8 names', async () => {
    const text = Buffer.concat([
      Buffer.from(HEADER + row('José Ñúñez')),
      Buffer.from('6408010501850002,Budi Pe'),
      Buffer.from([0xf1]),
      Buffer.from('a,05-01-1985,L,6408012001,Nelayan,\n'),
    ]);
    for (const size of [7, 64, 1024]) {
      const { results } = await run(bytesOf(text, size), 'campur.csv');
      expect(results.map((r) => (r.kind === 'valid' ? r.worker.name : ''))).toEqual([
        'José Ñúñez',
        'Budi Peña',
      ]);
    }
  });
});

describe('files mostly ASCII with some other characters', () => {
  it('reads every row whole and in order, whatever lines the other characters are on and however it is read', async () => {
    // 3,000 rows (about 150 KB): UTF-8 names, Windows-1252 bytes and a quoted name spanning a line break
    // scattered through ASCII rows, read in chunks that cut lines and UTF-8 sequences anywhere.
    const names = Array.from({ length: 3000 }, (_, i) =>
      i % 97 === 5
        ? `José Ñúñez${'a'.repeat(i % 7)}`
        : i % 331 === 7
          ? 'Sangatta–Bengalon'
          : `Siti A${'a'.repeat(i % 9)}`,
    );
    const parts = [Buffer.from(HEADER)];
    names.forEach((name, i) => {
      const nik = `640804570890${String(i + 1).padStart(4, '0')}`;
      if (i === 1500) parts.push(Buffer.from(`${nik},Budi Pe`), Buffer.from([0xf1]), Buffer.from('a'));
      else if (i === 2000) parts.push(Buffer.from(`${nik},"Siti\nAminah"`));
      else parts.push(Buffer.from(`${nik},${name}`));
      parts.push(Buffer.from(`,17-08-1990,P,6408042001,Petani,\n`));
    });
    const text = Buffer.concat(parts);
    const expected = names.map((name, i) => (i === 1500 ? 'Budi Peña' : i === 2000 ? 'Siti Aminah' : name));
    for (const size of [1000, 4096, 65536]) {
      const { results, error } = await run(bytesOf(text, size), 'campur.csv');
      expect(error).toBeUndefined();
      expect(results.map((r) => (r.kind === 'valid' ? r.worker.row : r.row))).toEqual(
        names.map((_, i) => i + 2),
      );
      const read = results.map((r) =>
        r.kind === 'valid' ? r.worker.name : r.issues.find((x) => x.code === 'INVALID_NAME')?.value,
      );
      expect(read).toEqual(expected);
    }
  });
});

describe('name length limits', () => {
  it(`rejects names over ${MAX_NAME_CHARS} characters or ${MAX_NAME_WORDS} words with INVALID_NAME`, async () => {
    const long = 'Siti'.padEnd(10_000, 'a');
    const wordy = Array.from({ length: 2000 }, () => 'Siti').join(' ');
    const { results } = await run(bytesOf(HEADER + row(long) + budi(wordy)), 'nama.csv');
    expect(results.map(codesOf)).toEqual([['INVALID_NAME'], ['INVALID_NAME']]);
    const [first] = results;
    const issue = first?.kind === 'rejected' ? first.issues[0] : undefined;
    expect(issue?.messageEn).toMatch(/too long \(10000 characters; the limit is 100\)/);
    expect(issue?.message).toMatch(/terlalu panjang/);
    expect(issue?.message.length).toBeLessThan(400);
  });

  it('accepts long real names within the limits', () => {
    expect(nameProblem('Raden Mas Muhammad Abdurrahman Wahid Hasyim Asy’ari')).toBeUndefined();
    expect(nameProblem('a'.repeat(MAX_NAME_CHARS + 1))).toBe('too-long');
    expect(
      nameProblem(
        Array(MAX_NAME_WORDS + 1)
          .fill('Ab')
          .join(' '),
      ),
    ).toBe('too-many-words');
  });
});

describe('over-long lines', () => {
  it('says a line without any quote is too long, not that a quote is never closed', async () => {
    const { error } = await run(bytesOf(HEADER + row('Siti') + 'x'.repeat(3 * 1024 * 1024)), 'panjang.csv');
    expect(error?.code).toBe('UNREADABLE_FILE');
    expect(error?.messageEn).toMatch(/^Row 3 is too long/);
    expect(error?.messageId).toMatch(/^Baris 3 terlalu panjang/);
  });

  it('still says an unclosed quote when a quote swallows the file', async () => {
    const { error } = await run(bytesOf(`${HEADER + row('Siti')}"${'x,'.repeat(1024 * 1024)}`), 'kutip.csv');
    expect(error?.messageEn).toMatch(/quote \(".*never closed/);
  });
});
