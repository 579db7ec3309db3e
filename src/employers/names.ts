/**
 * How a worker's employer, as a village or agency typed it, is matched to the employer registry: by NIB
 * (Nomor Induk Berusaha, 13 digits from OSS), else by a normalised name in which case, punctuation, spacing
 * and legal forms (PT, CV, Tbk, Persero, …) do not count.
 */

/** Legal forms and their abbreviations: "PT. Sawit Makmur Tbk" and "Sawit Makmur, PT" are the same employer. */
const LEGAL_FORMS = new Set([
  'pt',
  'cv',
  'tbk',
  'persero',
  'perseroan',
  'ud',
  'fa',
  'firma',
  'pd',
  'perum',
  'perumda',
  'ltd',
  'inc',
]);

/** `sawit makmur` for "PT. SAWIT MAKMUR (Persero) Tbk"; the whole lower-cased name when nothing else is left. */
export function normalizeEmployerName(name: string): string {
  const lower = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // dotted abbreviations: P.T. → pt, C.V. → cv
    .replace(/\b(?:[a-z]\.){2,}/g, (m) => m.replaceAll('.', ''));
  const words = lower.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  const kept = words.filter((w) => !LEGAL_FORMS.has(w));
  return (kept.length > 0 ? kept : words).join(' ');
}

/** 13 digits, or undefined for anything else (spaces, dots and dashes removed first). */
export function normalizeNib(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : value;
  const digits = text
    .trim()
    .replace(/^'/, '')
    .replace(/[\s.\-\u00a0]/g, '');
  return /^\d{13}$/.test(digits) ? digits : undefined;
}

/**
 * The key of an employer in the employers table: `nib:<13 digits>` when the NIB is known, else
 * `name:<normalised name>`. Keys carry no personal data (employers are legal entities).
 */
export function employerKeyFor(e: {
  nib?: string | undefined;
  name?: string | undefined;
}): string | undefined {
  const nib = normalizeNib(e.nib);
  if (nib) return `nib:${nib}`;
  const name = e.name ? normalizeEmployerName(e.name) : '';
  return name ? `name:${name}` : undefined;
}
