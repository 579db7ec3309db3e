import type { Router } from '@aws-lambda-powertools/event-handler/http';
import type { Caller } from '../../src/access/model.ts';
import type { ScopedAccess } from '../../src/access/scoped-access.ts';
import { reportKey } from '../../src/adapters/s3-upload-storage.ts';
import type { ApiDeps } from '../../src/composition/api.ts';
import { notFound } from '../../src/shared/errors.ts';
import { type Ctx, json, uploadIdParam } from './route-helpers.ts';

type AccessFor = (
  ctx: Ctx,
) => Promise<{ caller: Caller; access: ScopedAccess; d: Pick<ApiDeps, 'downloadLink'> }>;

/**
 * What the dashboard (issue #11) reads beyond the contract's routes: an upload's errors.xlsx as a short-lived
 * download link, after the access layer has decided the caller may read the upload.
 */
export function registerDashboardRoutes(app: Router, accessFor: AccessFor): void {
  app.get(
    '/uploads/:uploadId/errors',
    json(async (ctx) => {
      const { access, d } = await accessFor(ctx);
      const upload = await access.readUpload(uploadIdParam.parse(ctx.params).uploadId);
      if (!upload.errorsReportKey) throw notFound('Laporan kesalahan', 'Error report');
      const url = await d.downloadLink(
        reportKey(upload.uploadId, 'xlsx'),
        `errors-${upload.uploadId}.xlsx`,
        300,
      );
      return { url, expiresIn: 300 };
    }),
  );
}
