/**
 * What the sample generator draws from: a seeded PRNG, Indonesian given and family names, the regency's
 * informal occupations with their weights, employers, and the bad values it injects for each row error.
 */

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MALE_NAMES = [
  'Ahmad',
  'Budi',
  'Agus',
  'Andi',
  'Muhammad',
  'Rudi',
  'Hendra',
  'Yohanes',
  'Samsul',
  'Rahmat',
  'Joko',
  'Slamet',
  'Bambang',
  'Herman',
  'Irwan',
  'La Ode',
  'Daeng',
  'Ismail',
  'Syahrul',
  'Arif',
  'Dedi',
  'Fransiskus',
  'Hasan',
  'Ilham',
  'Junaidi',
  'Kadir',
  'Lukas',
  'Markus',
  'Nurdin',
  'Paulus',
  'Ridwan',
  'Suparman',
  'Taufik',
  'Usman',
  'Wahyu',
  'Yusuf',
  'Zainal',
  'Jumadi',
  'Hamzah',
  "Ma'ruf",
];
export const FEMALE_NAMES = [
  'Siti',
  'Nur',
  'Sri',
  'Dewi',
  'Rina',
  'Wati',
  'Yuliana',
  'Maria',
  'Aminah',
  'Fatimah',
  'Hasnah',
  'Indah',
  'Juwita',
  'Kartini',
  'Lestari',
  'Marlina',
  'Nurhayati',
  'Rosmini',
  'Suryani',
  'Theresia',
  'Umi',
  'Yanti',
  'Agustina',
  'Bunga',
  'Citra',
  'Dahlia',
  'Erna',
  'Fitri',
  'Halimah',
  'Irma',
  'Murni',
  'Rahmawati',
  'Sarinah',
];
export const FAMILY_NAMES = [
  'Saputra',
  'Hidayat',
  'Santoso',
  'Wijaya',
  'Rahman',
  'Setiawan',
  'Pratama',
  'Hakim',
  'Lubis',
  'Siregar',
  'Pasaribu',
  'Tanjung',
  'Daeng Matasa',
  'Lahay',
  'Sinaga',
  'Nainggolan',
  'Kurniawan',
  'Gunawan',
  'Syahputra',
  'Ramadhan',
  'Firmansyah',
  'Nugroho',
  'Susanto',
  'Lung',
  'Ding',
  'Laing',
  'Bilung',
  'Paran',
  'Hasibuan',
  "O'neil",
  'binti Abdullah',
  'bin Sulaiman',
  'Kamaruddin',
  'Mappiasse',
  'Pakpahan',
];
/** Informal occupations with rough weights (Kutai Timur: farming, plantations, fishing, trade). */
export const OCCUPATIONS: ReadonlyArray<readonly [string, number]> = [
  ['Petani', 24],
  ['Pekebun', 10],
  ['Buruh Harian Lepas', 16],
  ['Nelayan', 10],
  ['Pedagang', 9],
  ['Buruh Tani/Perkebunan', 7],
  ['Peternak', 3],
  ['Tukang Ojek', 4],
  ['Sopir', 3],
  ['Tukang Batu', 3],
  ['Tukang Kayu', 2],
  ['Penjahit', 2],
  ['Pembudidaya Ikan', 2],
  ['Pedagang Keliling', 2],
  ['Montir', 1],
  ['Marbot Masjid', 1],
  ['Guru Ngaji', 1],
];
export const OCCUPATION_TOTAL = OCCUPATIONS.reduce((s, [, w]) => s + w, 0);
export const EMPLOYERS: ReadonlyArray<readonly [string, string, string]> = [
  ['CV Sangatta Jaya Konstruksi', '9120001234567', 'Pembangunan Jalan Poros Sangatta–Bengalon'],
  ['PT Bumi Wahau Lestari', '8120009876543', ''],
  ['CV Karya Bersama Kaubun', '9120004567123', 'Rehabilitasi Dermaga Kenyamukan'],
  ['UD Sumber Rezeki', '', ''],
];
export const INELIGIBLE = ['PNS', 'Guru PNS', 'Anggota Polri', 'TNI AD', 'Pegawai Negeri Sipil', 'ASN'];
export const BAD_NAMES = ['Budi 2', '=HYPERLINK("http://x")', 'A', '123'];
export const BAD_GENDERS = ['X', 'Lelaki?', '1', '-'];
export const BAD_DATES = ['31/02/1990', '12-03-90', '1990/13/45', 'besok'];
/** A kecamatan code from another regency of the province (people move; NIK prefix ≠ residence). */
export const OTHER_KECAMATAN = ['647201', '647101', '640201'];
/** A desa of another regency (Palaran, Samarinda) for DESA_OUTSIDE_AGENCY in agency uploads. */
export const OUTSIDE_DESA = '6472011001';
