import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { notFound } from '../../shared/errors.ts';
import { regencyConfigPath } from '../../shared/regency-path.ts';
import { loadValidationRules } from '../../validation/default-rules.ts';
import { loadRegionDirectory, normalizeDesaCode } from '../../validation/regions.ts';
import { FileError, type RowIssue, type Uploader } from '../../validation/types.ts';
import { type ValidationSummary, validateFile } from '../../validation/validate-rows.ts';

interface ValidateOptions {
  desa?: string;
  agency?: string;
  json?: boolean;
  english?: boolean;
  config?: string;
  limit: string;
}

interface JsonOutput {
  rows: number;
  valid: number;
  rejected: number;
  warnings: number;
  fileError?: { code: string; message: string };
  issues: Array<{ row: number; column: string; code: string; severity: string; message: string }>;
}

function issueJson(i: RowIssue, english: boolean): JsonOutput['issues'][number] {
  return {
    row: i.row,
    column: i.column,
    code: i.code,
    severity: i.severity,
    message: english ? i.messageEn : i.message,
  };
}

/** `--json` written as it goes: `{"issues":[` one issue a line `],` then the counts `}`. */
class JsonIssueStream {
  private lines: string[] = ['{"issues": ['];
  private first = true;

  constructor(private readonly english: boolean) {}

  add(issue: RowIssue): void {
    this.lines.push(`${this.first ? '' : ','}${JSON.stringify(issueJson(issue, this.english))}`);
    this.first = false;
    if (this.lines.length >= 512) this.flush();
  }

  end(out: JsonOutput): void {
    const { issues: _kept, ...counts } = out;
    this.lines.push(`], ${JSON.stringify(counts).slice(1)}`);
    this.flush();
  }

  private flush(): void {
    // console.log to a pipe or file is synchronous on Linux: what was printed is not held in memory.
    console.log(this.lines.join('\n'));
    this.lines = [];
  }
}

function badUploader(id: string, en: string): FileError {
  return new FileError('BAD_UPLOAD_KEY', id, en);
}

/** `lindung validate FILE --desa CODE | --agency ID [--json]`: the validator offline, no stack needed. */
export function register(program: Command): void {
  program
    .command('validate')
    .argument('<file>', 'berkas .xlsx atau .csv / .xlsx or .csv file')
    .addOption(
      new Option('--desa <code>', 'unggahan desa: kode desa 10 angka / village upload').conflicts('agency'),
    )
    .addOption(
      new Option('--agency <id>', 'unggahan instansi, mis. disnakertrans / agency upload').conflicts('desa'),
    )
    .option('--json', 'JSON: {rows, valid, rejected, warnings, fileError?, issues}')
    .option('--english', 'messages in English')
    .option(
      '--config <file>',
      'konfigurasi kabupaten / regency configuration (default: --regency / LINDUNG_REGENCY, then config/kutai-timur.json)',
    )
    .option('--limit <n>', 'jumlah kesalahan yang ditampilkan / issues shown (not with --json)', '100')
    .action(async (file: string, opts: ValidateOptions) => {
      if (!opts.desa && !opts.agency) {
        program.error('Pilih --desa <kode> atau --agency <id> / choose --desa <code> or --agency <id>');
      }
      await access(file).catch(() => {
        throw notFound(`Berkas ${file}`, `File ${file}`);
      });
      const { config, rules } = await loadValidationRules(opts.config ?? regencyConfigPath());
      const regions = await loadRegionDirectory(rules.regencyCode);
      const english = Boolean(opts.english);
      const limit = Number(opts.limit) || 100;
      // --json streams the issues as they are found (memory flat however many rows are bad): the issues
      // array comes first, the counts after it, in one JSON document.
      const json = opts.json ? new JsonIssueStream(english) : undefined;
      let summary: ValidationSummary | undefined;
      let fileError: FileError | undefined;
      try {
        const uploader = resolveUploader(opts, config, regions);
        summary = await validateFile(
          createReadStream(file),
          basename(file),
          { uploader, rules, regions },
          json ? { onIssue: (i) => json.add(i), keepIssues: 0 } : { keepIssues: limit },
        );
      } catch (error) {
        if (!(error instanceof FileError)) throw error;
        fileError = error;
      }
      const out: JsonOutput = {
        rows: summary?.rows ?? 0,
        valid: summary?.valid ?? 0,
        rejected: summary?.rejected ?? 0,
        warnings: summary?.warnings ?? 0,
        ...(fileError
          ? {
              fileError: {
                code: fileError.code,
                message: english ? fileError.messageEn : fileError.messageId,
              },
            }
          : {}),
        issues: (summary?.issues ?? []).map((i) => issueJson(i, english)),
      };
      if (fileError) process.exitCode = 2;
      if (json) {
        json.end(out);
        return;
      }
      console.log(humanReport(file, out, summary?.referred ?? 0, summary?.issueCount ?? 0, limit));
    });
}

function resolveUploader(
  opts: ValidateOptions,
  config: object,
  regions: Awaited<ReturnType<typeof loadRegionDirectory>>,
): Uploader {
  if (opts.desa) {
    const code = normalizeDesaCode(opts.desa);
    if (!code || !regions.desaByCode(code)) {
      const example = regions.listDesa()[0]?.code ?? `${regions.regencyCode}…`;
      throw badUploader(
        `Kode desa "${opts.desa}" bukan desa di kabupaten ini (${regions.regencyCode}). Gunakan kode Kemendagri 10 angka, mis. ${example}.`,
        `Desa code "${opts.desa}" is not a desa of this regency (${regions.regencyCode}). Use the 10-digit Kemendagri code, e.g. ${example}.`,
      );
    }
    return { kind: 'desa', desa: code };
  }
  const agency = opts.agency ?? '';
  const listed = (config as { agencies?: unknown }).agencies;
  const agencies = Array.isArray(listed) ? (listed as Array<{ id?: unknown }>).map((a) => String(a.id)) : [];
  if (!agencies.includes(agency)) {
    throw badUploader(
      `Instansi "${agency}" tidak terdaftar (terdaftar: ${agencies.join(', ')}).`,
      `Agency "${agency}" is not configured (configured: ${agencies.join(', ')}).`,
    );
  }
  return { kind: 'agency', agency };
}

const nf = new Intl.NumberFormat('id-ID');

function humanReport(
  file: string,
  out: JsonOutput,
  referred: number,
  issueCount: number,
  limit: number,
): string {
  const lines = [`${file}`];
  if (out.fileError) {
    lines.push(`  Berkas ditolak / file rejected: ${out.fileError.code}`, `  ${out.fileError.message}`);
    return lines.join('\n');
  }
  const counts: Array<[string, number]> = [
    ['baris / rows', out.rows],
    ['valid', out.valid],
    ['  dengan pemberi kerja / with an employer', referred],
    ['ditolak / rejected', out.rejected],
    ['peringatan / warnings', out.warnings],
  ];
  const width = Math.max(...counts.map(([label]) => label.length));
  for (const [label, value] of counts)
    lines.push(`  ${label.padEnd(width)}  ${nf.format(value).padStart(9)}`);
  if (issueCount === 0) {
    lines.push('', 'Tidak ada kesalahan / no issues');
    return lines.join('\n');
  }
  const shown = out.issues.slice(0, limit);
  const header = ['Baris', 'Kolom', 'Kode', 'Tingkat', 'Pesan'];
  const table = shown.map((i) => [String(i.row), i.column, i.code, i.severity, i.message]);
  const widths = [0, 1, 2, 3].map((c) =>
    Math.min(28, Math.max(header[c]?.length ?? 0, ...table.map((r) => r[c]?.length ?? 0))),
  );
  const fmt = (r: string[]) =>
    r.map((cell, c) => (c < 4 ? cell.slice(0, widths[c]).padEnd(widths[c] ?? 0) : cell)).join('  ');
  lines.push('', fmt(header));
  for (const r of table) lines.push(fmt(r));
  if (issueCount > shown.length) {
    lines.push(`… ${nf.format(issueCount - shown.length)} lagi / more (--limit, --json)`);
  }
  return lines.join('\n');
}
