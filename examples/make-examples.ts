/**
 * Writes the example village and agency files that `npm start` processes on a fresh data folder.
 * Run: npx tsx examples/make-examples.ts  (deterministic: same files every time)
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { encodeNik } from '../src/validation/nik.ts';

const dir = new URL('./', import.meta.url).pathname;
type G = 'L' | 'P';
const nik = (kec: string, y: number, m: number, d: number, g: G, serial: number) =>
  encodeNik({ kecamatan: kec, birthDate: { year: y, month: m, day: d }, gender: g, serial });
const dmy = (y: number, m: number, d: number) =>
  `${String(d).padStart(2, '0')}-${String(m).padStart(2, '0')}-${y}`;

// 1. A village office in Sangatta Utara: comma CSV, mostly good, a few typical mistakes, two wage workers.
const sangatta: string[][] = [
  ['NIK', 'Nama Lengkap', 'Tanggal Lahir', 'Jenis Kelamin', 'Pekerjaan', 'No HP', 'Nama Pemberi Kerja'],
];
const people: Array<[string, number, number, number, G, string, string]> = [
  ['Siti Aminah', 1985, 3, 12, 'P', 'Pedagang Keliling', '081234567801'],
  ['Budi Santoso', 1979, 11, 2, 'L', 'Buruh Harian Lepas', '081234567802'],
  ['Rahmat Hidayat', 1990, 7, 21, 'L', 'Tukang Ojek', '+6281234567803'],
  ['Nur Aisyah', 1994, 1, 30, 'P', 'Penjahit', '6281234567804'],
  ['Yohanes Lukas', 1968, 5, 5, 'L', 'Petani', ''],
  ["Ma'ruf Amin Saputra", 1988, 9, 17, 'L', 'Tukang Batu', '0812 3456 7806'],
  ['Dewi Lestari', 1992, 12, 8, 'P', 'Pedagang', '081234567807'],
  ['Andi Pratama', 2001, 4, 14, 'L', 'Buruh Bangunan', '081234567808'],
  ['Wahyuni', 1975, 2, 28, 'P', 'Petani', '081234567809'],
  ['La Ode Hasan', 1983, 6, 9, 'L', 'Nelayan', '081234567810'],
  ['Fransiska Wulan', 1999, 10, 1, 'P', 'Pekerja Rumah Tangga', '081234567811'],
  ['Muhammad Rizky', 1996, 8, 19, 'L', 'Montir', '081234567812'],
  ['Sri Rahayu', 1972, 3, 3, 'P', 'Pedagang Sayur', '081234567813'],
  ['Agus Salim', 1986, 1, 15, 'L', 'Sopir Angkot', '081234567814'],
];
people.forEach(([name, y, m, d, g, job, hp], i) => {
  sangatta.push([nik('640804', y, m, d, g, 101 + i), name, dmy(y, m, d), g, job, hp, '']);
});
// wage workers: their employer must register them (REFERRED, not paid from APBD)
sangatta.push([
  nik('640804', 1991, 2, 11, 'L', 201),
  'Joko Susilo',
  dmy(1991, 2, 11),
  'L',
  'Operator Alat Berat',
  '081234567820',
  'PT Bara Kaltim Sejahtera',
]);
sangatta.push([
  nik('640804', 1987, 7, 7, 'L', 202),
  'Hendra Gunawan',
  dmy(1987, 7, 7),
  'L',
  'Tukang Kayu',
  '081234567821',
  'CV Karya Bangun Sangatta',
]);
// typical mistakes
sangatta.push(['6.40804E+15', 'Slamet Riyadi', dmy(1980, 4, 4), 'L', 'Petani', '081234567830', '']); // Excel turned the NIK into a number
sangatta.push([
  nik('640804', 1950, 1, 20, 'P', 301),
  'Mbok Sarinah',
  dmy(1950, 1, 20),
  'P',
  'Petani',
  '',
  '',
]); // too old
sangatta.push([
  nik('640804', 1984, 8, 8, 'L', 302),
  'Darmawan',
  dmy(1984, 8, 8),
  'L',
  'PNS',
  '081234567832',
  '',
]); // civil servant
sangatta.push([
  nik('640804', 1993, 5, 25, 'P', 303),
  'Rina Marlina',
  dmy(1993, 5, 26),
  'P',
  'Penjual Kue',
  '12345',
  '',
]); // birth date disagrees; bad phone
writeFileSync(
  `${dir}desa-sangatta-utara.csv`,
  `${sangatta.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`,
);

// 2. Kelinjau Ilir (Muara Ancalong): saved by an Indonesian-locale Excel, so semicolons; all valid.
const kelinjau: string[][] = [['No. KTP', 'Nama', 'Tgl. Lahir', 'JK', 'Pekerjaan', 'No. HP']];
const farmers: Array<[string, number, number, number, G]> = [
  ['Paulus Ding', 1970, 6, 1, 'L'],
  ['Maria Hului', 1974, 9, 9, 'P'],
  ['Stefanus Lejau', 1982, 12, 24, 'L'],
  ['Yuliana Bit', 1989, 3, 8, 'P'],
  ['Lukas Ajang', 1965, 10, 10, 'L'],
  ['Theresia Uvang', 1998, 2, 2, 'P'],
  ['Petrus Ngau', 1977, 4, 18, 'L'],
  ['Agnes Lawing', 1991, 7, 27, 'P'],
];
farmers.forEach(([name, y, m, d, g], i) => {
  kelinjau.push([
    nik('640801', y, m, d, g, 11 + i),
    name,
    `${d}/${m}/${y}`,
    g === 'L' ? 'Laki-laki' : 'Perempuan',
    'Petani Sawit',
    `0813${String(5000000 + i).padStart(8, '0')}`,
  ]);
});
writeFileSync(
  `${dir}desa-kelinjau-ilir.csv`,
  `${kelinjau.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`,
);

// 3. Dinas Perikanan: fishermen of coastal kecamatan, an XLSX with a title row, desa by name, NIK as text.
const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('Nelayan 2025');
ws.mergeCells('A1:F1');
ws.getCell('A1').value =
  'DAFTAR NELAYAN CALON PESERTA BPJS KETENAGAKERJAAN — DINAS PERIKANAN KAB. KUTAI TIMUR';
ws.addRow([]);
ws.addRow(['NIK', 'Nama', 'Tanggal Lahir', 'L/P', 'Desa/Kelurahan', 'Pekerjaan']);
const fishermen: Array<[string, number, number, number, G, string, string]> = [
  ['Baharuddin', 1978, 5, 14, 'L', '640805', 'Tanjung Manis'],
  ['Hamzah', 1985, 8, 3, 'L', '640805', 'Kerayaan'],
  ['Syamsuddin', 1969, 1, 29, 'L', '640805', 'Saka'],
  ['Nurhayati', 1990, 11, 11, 'P', '640805', 'Pulau Miang'],
  ['Arifin', 1995, 6, 6, 'L', '640810', 'Kaliorang'],
  ['Sudirman', 1981, 3, 21, 'L', '640805', 'Peridan'],
];
fishermen.forEach(([name, y, m, d, g, kec, desa], i) => {
  ws.addRow([nik(kec, y, m, d, g, 501 + i), name, new Date(Date.UTC(y, m - 1, d)), g, desa, 'Nelayan']);
});
ws.getColumn(1).numFmt = '@';
ws.getColumn(3).numFmt = 'dd/mm/yyyy';
await wb.xlsx.writeFile(`${dir}dinas-perikanan-nelayan.xlsx`);

function csvCell(v: string): string {
  return /[",;\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
