/**
 * The e-mails of employer notification, in Bahasa Indonesia, as HTML and plain text: the notice to an
 * employer, the escalation to Disnakertrans, and the daily digest of unknown employers. Workers appear with
 * a masked NIK only (UU 27/2022 PDP); the full NIK never reaches this module.
 */
import type { ContactRecord, Employer, Referral } from './model.ts';
import type { NotificationSettings } from './settings.ts';

export interface Letter {
  subject: string;
  html: string;
  text: string;
}

/** The legal basis, cited in every notice and escalation. */
export const LEGAL_BASIS = {
  registration:
    'Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial, Pasal 15 ayat (1): pemberi kerja wajib mendaftarkan dirinya dan pekerjanya sebagai peserta kepada BPJS sesuai dengan program jaminan sosial yang diikuti.',
  sanctions:
    'Pasal 17 undang-undang yang sama: pemberi kerja yang tidak mendaftarkan pekerjanya dikenai sanksi administratif berupa teguran tertulis, denda, dan/atau tidak mendapat pelayanan publik tertentu, yang dikenakan oleh Pemerintah atau Pemerintah Daerah.',
  construction:
    'Peraturan Menteri Ketenagakerjaan Nomor 5 Tahun 2021 (pengganti Permenaker Nomor 44 Tahun 2015): pekerja pada proyek jasa konstruksi didaftarkan dalam program Jaminan Kecelakaan Kerja (JKK) dan Jaminan Kematian (JKM) untuk setiap proyek, oleh pengguna jasa bersama penyedia jasa (kontraktor).',
  apbd: 'Bantuan iuran dari APBD hanya untuk pekerja rentan bukan penerima upah; pekerja penerima upah menjadi kewajiban pemberi kerja dan tidak dapat dibiayai dari APBD.',
} as const;

export function formatDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(new Date(iso));
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const isConstruction = (e: Employer, workers: readonly Referral[]) =>
  e.type === 'construction' || e.projects.length > 0 || workers.some((w) => w.project);

function employerLine(e: Pick<Employer, 'name' | 'nib'>): string {
  return e.nib ? `${e.name} (NIB ${e.nib})` : e.name;
}

interface Column {
  header: string;
  value: (w: Referral, i: number) => string;
}

function workerColumns(options: { projects: boolean; history: boolean; timeZone: string }): Column[] {
  const columns: Column[] = [
    { header: 'No', value: (_, i) => String(i + 1) },
    { header: 'NIK (disamarkan)', value: (w) => w.nikMasked },
    { header: 'Nama', value: (w) => w.name },
    { header: 'Desa/Kelurahan', value: (w) => w.desaName },
    { header: 'Kecamatan', value: (w) => w.kecamatanName },
  ];
  if (options.projects) columns.push({ header: 'Proyek', value: (w) => w.project ?? '-' });
  columns.push({ header: 'Sumber data', value: (w) => `unggahan ${w.uploadId}, baris ${w.row}` });
  if (options.history)
    columns.push({
      header: 'Keterangan',
      value: (w) =>
        w.notices > 0 && w.lastNoticeAt
          ? `sudah diberitahukan ${w.notices} kali (terakhir ${formatDate(w.lastNoticeAt, options.timeZone)})`
          : 'baru',
    });
  return columns;
}

function htmlTable(columns: Column[], workers: readonly Referral[]): string {
  const th = columns
    .map(
      (c) => `<th style="border:1px solid #999;padding:4px 8px;text-align:left">${escapeHtml(c.header)}</th>`,
    )
    .join('');
  const rows = workers
    .map(
      (w, i) =>
        `<tr>${columns.map((c) => `<td style="border:1px solid #999;padding:4px 8px">${escapeHtml(c.value(w, i))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table style="border-collapse:collapse;font-size:13px">\n<thead><tr>${th}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

function textTable(columns: Column[], workers: readonly Referral[]): string {
  return workers.map((w, i) => columns.map((c) => `${c.header}: ${c.value(w, i)}`).join(' | ')).join('\n');
}

const sortWorkers = (workers: readonly Referral[]) =>
  [...workers].sort(
    (a, b) =>
      (a.project ?? '').localeCompare(b.project ?? '') ||
      a.referredAt.localeCompare(b.referredAt) ||
      a.uploadId.localeCompare(b.uploadId) ||
      a.row - b.row,
  );

function html(title: string, paragraphs: string[]): string {
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.45;color:#222">
${paragraphs.join('\n')}
</body></html>`;
}

const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
const ul = (items: string[]) => `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
const ol = (items: string[]) => `<ol>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ol>`;

export interface NoticeInput {
  employer: Employer;
  workers: readonly Referral[];
  /** 1 for the first notice to this employer. */
  sequence: number;
  now: string;
  respondBy: string;
  settings: NotificationSettings;
}

/** The notice to an employer: its referred workers, the legal basis, what to do and by when. */
export function noticeLetter(input: NoticeInput): Letter {
  const { employer: e, settings: s } = input;
  const workers = sortWorkers(input.workers);
  const construction = isConstruction(e, workers);
  const deadline = formatDate(input.respondBy, s.timeZone);
  const count = workers.length;
  const ordinal = input.sequence > 1 ? ` ke-${input.sequence}` : '';
  const subject = `Pemberitahuan${ordinal}: ${count} pekerja ${e.name} belum terdaftar BPJS Ketenagakerjaan`;
  const projects = construction
    ? [
        ...new Set([
          ...e.projects.map((pr) => (pr.owner ? `${pr.name} (pemilik proyek: ${pr.owner})` : pr.name)),
          ...workers.flatMap((w) =>
            w.project && !e.projects.some((pr) => pr.name === w.project) ? [w.project] : [],
          ),
        ]),
      ]
    : [];
  const intro = [
    `Kepada Yth. Pimpinan ${employerLine(e)}`,
    e.address ? e.address : '',
    `Dengan hormat, dalam pendataan pekerja rentan ${s.regencyName} untuk program perlindungan jaminan sosial ketenagakerjaan, ${count} pekerja berikut tercatat bekerja pada ${e.name}. ${LEGAL_BASIS.apbd}`,
  ].filter((l) => l.length > 0);
  const basis = [
    LEGAL_BASIS.registration,
    LEGAL_BASIS.sanctions,
    ...(construction ? [LEGAL_BASIS.construction] : []),
  ];
  const steps = [
    `Daftarkan pekerja di bawah ini sebagai peserta BPJS Ketenagakerjaan (paling sedikit program JKK dan JKM) melalui kantor cabang BPJS Ketenagakerjaan atau kanal pendaftaran resmi BPJS Ketenagakerjaan, paling lambat ${deadline}.`,
    ...(construction
      ? [
          `Untuk proyek konstruksi, daftarkan pekerja per proyek${projects.length > 0 ? ` (${projects.join('; ')})` : ''}; pengguna jasa (pemilik proyek) dan penyedia jasa (kontraktor) bersama-sama bertanggung jawab atas pendaftarannya.`,
        ]
      : []),
    `Sampaikan nomor kepesertaan (KPJ) atau bukti pendaftaran kepada ${s.disnakertrans.name} dengan membalas e-mail ini. Pekerja yang sudah terdaftar tidak dicantumkan lagi pada pemberitahuan berikutnya.`,
  ];
  const footer = [
    `Pemberitahuan ini dikirim paling banyak satu kali dalam ${s.windowDays} hari; pekerja yang tercatat sesudahnya dicantumkan pada pemberitahuan berikutnya. Jika pekerja tetap belum didaftarkan setelah ${s.maxUnansweredNotices} kali pemberitahuan, hal ini diteruskan kepada ${s.disnakertrans.name} untuk ditindaklanjuti sesuai Pasal 17 UU 24/2011.`,
    `Data pribadi pekerja dilindungi UU 27/2022 tentang Pelindungan Data Pribadi: NIK ditampilkan sebagian. NIK lengkap dapat dicocokkan dengan data pekerja Bapak/Ibu sendiri atau ditanyakan kepada ${s.disnakertrans.name}.`,
    `Tembusan: ${s.disnakertrans.name}.`,
  ];
  const columns = workerColumns({
    projects: construction,
    history: input.sequence > 1,
    timeZone: s.timeZone,
  });
  const date = formatDate(input.now, s.timeZone);
  return {
    subject,
    html: html(subject, [
      `<p style="color:#555">${escapeHtml(`${s.regencyName}, ${date}`)}</p>`,
      `<h2 style="font-size:17px">${escapeHtml(subject)}</h2>`,
      ...intro.map(p),
      '<h3 style="font-size:15px">Dasar hukum</h3>',
      ul(basis),
      '<h3 style="font-size:15px">Yang perlu dilakukan</h3>',
      ol(steps),
      `<h3 style="font-size:15px">Daftar pekerja (${count})</h3>`,
      htmlTable(columns, workers),
      ...footer.map((f) => `<p style="color:#555;font-size:12px">${escapeHtml(f)}</p>`),
    ]),
    text: [
      `${s.regencyName}, ${date}`,
      subject,
      '',
      ...intro,
      '',
      'DASAR HUKUM',
      ...basis.map((b) => `- ${b}`),
      '',
      'YANG PERLU DILAKUKAN',
      ...steps.map((st, i) => `${i + 1}. ${st}`),
      '',
      `DAFTAR PEKERJA (${count})`,
      textTable(columns, workers),
      '',
      ...footer,
      '',
    ].join('\n'),
  };
}

export interface EscalationInput {
  employer: Employer;
  /** Workers listed in enough notices without being registered. */
  escalated: readonly Referral[];
  /** Other outstanding workers of this employer (listed for completeness). */
  others: readonly Referral[];
  notices: readonly ContactRecord[];
  sequence: number;
  now: string;
  settings: NotificationSettings;
}

/** To Disnakertrans: an employer did not register workers after the configured number of notices. */
export function escalationLetter(input: EscalationInput): Letter {
  const { employer: e, settings: s } = input;
  const escalated = sortWorkers(input.escalated);
  const others = sortWorkers(input.others);
  const construction = isConstruction(e, [...escalated, ...others]);
  const subject = `Eskalasi: ${e.name} belum mendaftarkan ${escalated.length} pekerja setelah ${s.maxUnansweredNotices} kali pemberitahuan`;
  const noticeDates = input.notices
    .filter((n) => n.kind === 'NOTICE')
    .map((n) => `pemberitahuan ke-${n.sequence}: ${formatDate(n.at, s.timeZone)} kepada ${n.to.join(', ')}`);
  const intro = [
    `Kepada Yth. ${s.disnakertrans.name}`,
    `${employerLine(e)}${e.address ? `, ${e.address}` : ''}, telah menerima ${noticeDates.length} pemberitahuan, tetapi pekerja berikut belum terdaftar sebagai peserta BPJS Ketenagakerjaan. Mohon ditindaklanjuti sesuai kewenangan, termasuk pengenaan sanksi administratif menurut Pasal 17 UU 24/2011 bila perlu.`,
  ];
  const columns = workerColumns({ projects: construction, history: true, timeZone: s.timeZone });
  const date = formatDate(input.now, s.timeZone);
  const basis = [
    LEGAL_BASIS.registration,
    LEGAL_BASIS.sanctions,
    ...(construction ? [LEGAL_BASIS.construction] : []),
  ];
  return {
    subject,
    html: html(subject, [
      `<p style="color:#555">${escapeHtml(`${s.regencyName}, ${date}`)}</p>`,
      `<h2 style="font-size:17px">${escapeHtml(subject)}</h2>`,
      ...intro.map(p),
      '<h3 style="font-size:15px">Pemberitahuan yang sudah dikirim</h3>',
      ul(noticeDates),
      '<h3 style="font-size:15px">Dasar hukum</h3>',
      ul(basis),
      `<h3 style="font-size:15px">Pekerja belum terdaftar setelah ${s.maxUnansweredNotices} kali pemberitahuan (${escalated.length})</h3>`,
      htmlTable(columns, escalated),
      ...(others.length > 0
        ? [
            `<h3 style="font-size:15px">Pekerja lain dari pemberi kerja ini yang juga belum terdaftar (${others.length})</h3>`,
            htmlTable(columns, others),
          ]
        : []),
      `<p style="color:#555;font-size:12px">${escapeHtml(`Eskalasi ke-${input.sequence} untuk pemberi kerja ini. NIK ditampilkan sebagian (UU 27/2022).`)}</p>`,
    ]),
    text: [
      `${s.regencyName}, ${date}`,
      subject,
      '',
      ...intro,
      '',
      'PEMBERITAHUAN YANG SUDAH DIKIRIM',
      ...noticeDates.map((n) => `- ${n}`),
      '',
      'DASAR HUKUM',
      ...basis.map((b) => `- ${b}`),
      '',
      `PEKERJA BELUM TERDAFTAR SETELAH ${s.maxUnansweredNotices} KALI PEMBERITAHUAN (${escalated.length})`,
      textTable(columns, escalated),
      ...(others.length > 0
        ? ['', `PEKERJA LAIN YANG JUGA BELUM TERDAFTAR (${others.length})`, textTable(columns, others)]
        : []),
      '',
      `Eskalasi ke-${input.sequence} untuk pemberi kerja ini. NIK ditampilkan sebagian (UU 27/2022).`,
      '',
    ].join('\n'),
  };
}

export interface DigestLetterEntry {
  employer: Pick<Employer, 'name' | 'nib' | 'key'>;
  reason: 'NOT_IN_REGISTRY' | 'NO_EMAIL';
  ambiguous?: boolean;
  workers: readonly Referral[];
}

const REASON = {
  NOT_IN_REGISTRY: 'tidak ditemukan dalam daftar pemberi kerja (NIB/nama tidak cocok)',
  NO_EMAIL: 'terdaftar, tetapi tanpa alamat e-mail',
} as const;

/** To Disnakertrans, at most daily: employers that no notice can reach, with their newly referred workers. */
export function digestLetter(input: {
  entries: readonly DigestLetterEntry[];
  now: string;
  settings: NotificationSettings;
}): Letter {
  const s = input.settings;
  const workerCount = input.entries.reduce((n, e) => n + e.workers.length, 0);
  const date = formatDate(input.now, s.timeZone);
  const subject = `Ringkasan harian ${date}: ${input.entries.length} pemberi kerja tidak dikenal, ${workerCount} pekerja dirujuk`;
  const intro = [
    `Kepada Yth. ${s.disnakertrans.name}`,
    `Pekerja berikut tercatat bekerja pada pemberi kerja yang tidak dapat diberi pemberitahuan karena tidak ada dalam daftar pemberi kerja atau tidak memiliki alamat e-mail. Mohon lengkapi daftar pemberi kerja (lindung employers import) atau hubungi pemberi kerja secara langsung. Setelah daftar dilengkapi, pekerja yang sudah dirujuk otomatis masuk pemberitahuan berikutnya.`,
  ];
  const columns = workerColumns({ projects: true, history: false, timeZone: s.timeZone });
  const sections = input.entries.map((entry) => {
    const title = `${employerLine(entry.employer)}: ${REASON[entry.reason]}${entry.ambiguous ? '; nama cocok dengan lebih dari satu pemberi kerja' : ''} (${entry.workers.length} pekerja)`;
    return { title, workers: sortWorkers(entry.workers) };
  });
  return {
    subject,
    html: html(subject, [
      `<h2 style="font-size:17px">${escapeHtml(subject)}</h2>`,
      ...intro.map(p),
      ...sections.flatMap((sec) => [
        `<h3 style="font-size:15px">${escapeHtml(sec.title)}</h3>`,
        htmlTable(columns, sec.workers),
      ]),
      `<p style="color:#555;font-size:12px">${escapeHtml('NIK ditampilkan sebagian (UU 27/2022).')}</p>`,
    ]),
    text: [
      subject,
      '',
      ...intro,
      ...sections.flatMap((sec) => ['', sec.title, textTable(columns, sec.workers)]),
      '',
      'NIK ditampilkan sebagian (UU 27/2022).',
      '',
    ].join('\n'),
  };
}
