import { encodeNik } from '../../src/validation/nik.ts';

export interface TestWorker {
  nik: string;
  nama: string;
  tanggalLahir: string;
  jenisKelamin: 'L' | 'P';
  desa: string;
  pekerjaan: string;
  noHp: string;
  pemberiKerja: string;
}

const NAMES = [
  'Siti Aminah',
  'Budi Santoso',
  'Rahmat Hidayat',
  'Nur Aisyah',
  'Andi Pratama',
  'Dewi Lestari',
  'Yohanes Lukas',
];
const JOBS = ['Petani', 'Nelayan', 'Buruh Harian Lepas', 'Pedagang Keliling', 'Tukang Ojek'];

/**
 * Valid workers of one desa, distinct NIKs from `firstSerial` on (NIK consistent with birth date and gender).
 * Desa 6408042001 is Sangatta Utara in kecamatan 64.08.04.
 */
export function validWorkers(
  count: number,
  options: { desa?: string; firstSerial?: number } = {},
): TestWorker[] {
  const desa = options.desa ?? '6408042001';
  const kecamatan = desa.slice(0, 6);
  return Array.from({ length: count }, (_, i) => {
    const serial = (options.firstSerial ?? 1) + i;
    const gender = i % 2 === 0 ? 'P' : 'L';
    const birthDate = { year: 1970 + (serial % 30), month: 1 + (serial % 12), day: 1 + (serial % 28) };
    return {
      nik: encodeNik({ kecamatan, birthDate, gender, serial: 1 + (serial % 9999) }),
      nama: NAMES[i % NAMES.length] ?? 'Siti Aminah',
      tanggalLahir: `${String(birthDate.day).padStart(2, '0')}-${String(birthDate.month).padStart(2, '0')}-${birthDate.year}`,
      jenisKelamin: gender,
      desa,
      pekerjaan: JOBS[i % JOBS.length] ?? 'Petani',
      noHp: `0812${String(10_000_000 + serial).slice(-8)}`,
      pemberiKerja: '',
    };
  });
}

export function toCsv(workers: TestWorker[]): string {
  const header = 'NIK,Nama Lengkap,Tanggal Lahir,Jenis Kelamin,Kode Desa,Pekerjaan,No HP,Nama Pemberi Kerja';
  const lines = workers.map((w) =>
    [w.nik, w.nama, w.tanggalLahir, w.jenisKelamin, w.desa, w.pekerjaan, w.noHp, w.pemberiKerja].join(','),
  );
  return `${[header, ...lines].join('\r\n')}\r\n`;
}
