import type { RegionDirectory } from '../validation/regions.ts';
import { FileError, type Uploader } from '../validation/types.ts';

export interface UploadLayout {
  /** Regency code without dots, e.g. '6408': a desa code must start with it. */
  regencyCode: string;
  /** Configured sector agencies, e.g. disnakertrans, dinas-perikanan. */
  agencies: readonly string[];
}

export interface ParsedUploadKey {
  uploader: Uploader;
  fileName: string;
}

const DESA = /^uploads\/desa\/(\d{10})\/([^/]+)$/;
const AGENCY = /^uploads\/agency\/([a-z0-9-]+)\/(.+)$/;

/**
 * `uploads/desa/<10-digit desa code>/<file>` or `uploads/agency/<agency-id>/<file>` (DESIGN.md).
 * Anything else is BAD_UPLOAD_KEY: an empty, `.` or `..` path segment (a key that reads as another folder),
 * a desa code that is not a desa of the region directory (when given), an agency not in the configuration.
 */
export function parseUploadKey(
  key: string,
  layout: UploadLayout,
  regions?: Pick<RegionDirectory, 'desaByCode'>,
): ParsedUploadKey {
  if (key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw badKey(
      key,
      'bagian lokasi kosong, "." atau ".." tidak diizinkan',
      'empty, "." or ".." path segments are not allowed',
    );
  }
  const desa = DESA.exec(key);
  if (desa?.[1] && desa[2]) {
    if (!desa[1].startsWith(layout.regencyCode) || (regions && !regions.desaByCode(desa[1]))) {
      throw badKey(
        key,
        `kode desa ${desa[1]} bukan desa di kabupaten ini (${layout.regencyCode})`,
        `desa code ${desa[1]} is not a desa of this regency (${layout.regencyCode})`,
      );
    }
    return { uploader: { kind: 'desa', desa: desa[1] }, fileName: desa[2] };
  }
  const agency = AGENCY.exec(key);
  if (agency?.[1] && agency[2]) {
    if (!layout.agencies.includes(agency[1])) {
      throw badKey(
        key,
        `instansi "${agency[1]}" tidak terdaftar (terdaftar: ${layout.agencies.join(', ')})`,
        `agency "${agency[1]}" is not configured (configured: ${layout.agencies.join(', ')})`,
      );
    }
    return {
      uploader: { kind: 'agency', agency: agency[1] },
      fileName: agency[2].split('/').at(-1) ?? agency[2],
    };
  }
  throw badKey(
    key,
    'gunakan uploads/desa/<kode desa 10 digit>/<berkas> atau uploads/agency/<id instansi>/<berkas>',
    'use uploads/desa/<10-digit desa code>/<file> or uploads/agency/<agency id>/<file>',
  );
}

function badKey(key: string, why: string, whyEn: string): FileError {
  return new FileError(
    'BAD_UPLOAD_KEY',
    `Lokasi unggahan "${key}" tidak sesuai: ${why}.`,
    `Upload location "${key}" is not valid: ${whyEn}.`,
  );
}

/** GSI key for "uploads by agency or desa, newest first". */
export function uploaderKey(uploader: Uploader): string {
  return uploader.kind === 'desa' ? `desa#${uploader.desa}` : `agency#${uploader.agency}`;
}
