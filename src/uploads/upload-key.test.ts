import { describe, expect, it } from 'vitest';
import { kutaiTimur } from '../validation/test-helpers.ts';
import { FileError } from '../validation/types.ts';
import { parseUploadKey } from './upload-key.ts';

const layout = { regencyCode: '6408', agencies: ['disnakertrans', 'dinas-perikanan'] };

function refusal(key: string, regions?: Awaited<ReturnType<typeof kutaiTimur>>): FileError {
  try {
    parseUploadKey(key, layout, regions);
  } catch (error) {
    if (error instanceof FileError) return error;
    throw error;
  }
  throw new Error(`accepted ${key}`);
}

describe('parseUploadKey', () => {
  it('reads a desa upload of a desa of the region directory and an agency upload', async () => {
    const regions = await kutaiTimur();
    expect(parseUploadKey('uploads/desa/6408042001/pekerja.csv', layout, regions)).toEqual({
      uploader: { kind: 'desa', desa: '6408042001' },
      fileName: 'pekerja.csv',
    });
    expect(parseUploadKey('uploads/agency/disnakertrans/2025/mei.xlsx', layout, regions)).toEqual({
      uploader: { kind: 'agency', agency: 'disnakertrans' },
      fileName: 'mei.xlsx',
    });
  });

  it('refuses a desa code of this regency that is no desa in the directory', async () => {
    const error = refusal('uploads/desa/6408999999/pekerja.csv', await kutaiTimur());
    expect(error.code).toBe('BAD_UPLOAD_KEY');
    expect(error.messageEn).toMatch(/desa code 6408999999 is not a desa of this regency/);
    expect(error.messageId).toMatch(/bukan desa di kabupaten ini/);
  });

  it.each([
    'uploads/agency/disnakertrans/../../desa/6408042001/x.csv',
    'uploads/agency/disnakertrans/./x.csv',
    'uploads/desa/6408042001/../x.csv',
    'uploads/agency/disnakertrans//x.csv',
  ])('refuses dot and empty path segments: %s', (key) => {
    const error = refusal(key);
    expect(error.code).toBe('BAD_UPLOAD_KEY');
    expect(error.messageEn).toMatch(/"\." or "\.\." path segments are not allowed/);
  });

  it('refuses an agency that is not configured', () => {
    expect(refusal('uploads/agency/dinas-lain/x.csv').messageEn).toMatch(
      /agency "dinas-lain" is not configured/,
    );
  });
});
