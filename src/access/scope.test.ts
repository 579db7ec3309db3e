import { describe, expect, it } from 'vitest';
import { httpError } from '../shared/errors.ts';
import type { Upload } from '../uploads/model.ts';
import type { Caller } from './model.ts';
import { mayDecide, mayReadUpload, maySeeDesa, uploadPrefix } from './scope.ts';

const desa: Caller = { sub: 'd1', email: 'd@x', role: 'desa', desa: '6408042001' };
const agency: Caller = { sub: 'a1', email: 'a@x', role: 'agency', agency: 'dinas-perikanan' };
const viewer: Caller = { sub: 'v1', email: 'v@x', role: 'viewer' };
const approver: Caller = { sub: 'p1', email: 'p@x', role: 'approver' };

const upload = (over: Partial<Upload>): Upload => ({
  uploadId: 'u1',
  bucket: 'b',
  objectKey: 'uploads/desa/6408042001/a.csv',
  fileName: 'a.csv',
  uploader: { kind: 'desa', desa: '6408042001' },
  status: 'COMPLETED',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  rows: 1,
  rejected: 0,
  staged: 1,
  warnings: 0,
  chunkCount: 1,
  ...over,
});
const status = (f: () => unknown) => {
  try {
    f();
    return 200;
  } catch (error) {
    return httpError(error).status;
  }
};

describe('area scope', () => {
  it('lets a desa user read its own desa’s uploads and answers 403 alike for another desa’s and a missing one', () => {
    expect(mayReadUpload(desa, upload({}))).toBe(true);
    const other = upload({ uploader: { kind: 'desa', desa: '6408012002' } });
    expect(status(() => mayReadUpload(desa, other))).toBe(403);
    expect(status(() => mayReadUpload(desa, undefined))).toBe(403);
    expect(status(() => mayReadUpload(agency, upload({})))).toBe(403);
  });

  it('lets regency roles read any upload and tells them when one does not exist', () => {
    expect(mayReadUpload(viewer, upload({ uploader: { kind: 'agency', agency: 'disnakertrans' } }))).toBe(
      true,
    );
    expect(mayReadUpload(viewer, undefined)).toBe(false);
  });

  it('pins uploads to the caller’s own folder; regency roles have none', () => {
    expect(uploadPrefix(desa)).toBe('uploads/desa/6408042001/');
    expect(uploadPrefix(agency)).toBe('uploads/agency/dinas-perikanan/');
    expect(status(() => uploadPrefix(viewer))).toBe(403);
  });

  it('shows a desa user its own desa’s counts only', () => {
    expect(maySeeDesa(desa, '6408042001')).toBe(true);
    expect(maySeeDesa(desa, '6408042002')).toBe(false);
    expect(maySeeDesa(agency, '6408042001')).toBe(false);
    expect(maySeeDesa(viewer, '6408042002')).toBe(true);
  });

  it('maker–checker: approver or admin only, never the uploader', () => {
    const held = upload({ uploadedBy: { id: 'p1', role: 'approver' } });
    expect(status(() => mayDecide(approver, upload({ uploadedBy: { id: 'd1', role: 'desa' } })))).toBe(200);
    expect(status(() => mayDecide(desa, upload({ uploadedBy: { id: 'd1', role: 'desa' } })))).toBe(403);
    expect(status(() => mayDecide(viewer, upload({})))).toBe(403);
    let code = '';
    try {
      mayDecide(approver, held);
    } catch (error) {
      code = httpError(error).body.code;
    }
    expect(code).toBe('SELF_APPROVAL');
  });
});
