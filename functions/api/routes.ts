import type { Router } from '@aws-lambda-powertools/event-handler/http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { z } from 'zod';
import { callerFromClaims } from '../../src/access/caller.ts';
import { actorOf } from '../../src/access/model.ts';
import { presignUpload } from '../../src/access/presign.ts';
import { mayDecide, requireRole } from '../../src/access/scope.ts';
import { scopedAccess, uploadView } from '../../src/access/scoped-access.ts';
import { type ApiDeps, apiDeps } from '../../src/composition/api.ts';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { approveUpload } from '../../src/enrollment/approve-upload.ts';
import { rejectUpload } from '../../src/enrollment/reject-upload.ts';
import { setProgramme, settingsOf } from '../../src/quota/programme.ts';
import { quotaReport } from '../../src/quota/status.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import { UPLOAD_STATUSES } from '../../src/uploads/model.ts';
import { registerDashboardRoutes } from './dashboard-routes.ts';
import { type Ctx, json, uploadIdParam } from './route-helpers.ts';

let deps: Promise<ApiDeps> | undefined;

/** The caller's view of the data (the access layer), for this request. */
async function accessFor(ctx: Ctx) {
  deps ??= apiDeps(handlerRuntime);
  const d = await deps;
  const event = ctx.event as APIGatewayProxyEventV2WithJWTAuthorizer;
  const caller = await callerFromClaims(event.requestContext?.authorizer?.jwt?.claims, d.users);
  const requestId = event.requestContext?.requestId;
  return { d, caller, requestId, access: scopedAccess(d, caller, requestId) };
}

const query = (ctx: Ctx) => Object.fromEntries(new URL(ctx.req.url).searchParams);
const body = async (ctx: Ctx): Promise<unknown> => {
  const text = await ctx.req.text();
  return text ? JSON.parse(text) : {};
};

const listQuery = z.object({
  status: z.enum(UPLOAD_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const presignBody = z.union([
  z.object({ fileName: z.string().min(1).max(200) }),
  z.object({ key: z.string().min(1).max(400) }),
]);
const rejectBody = z.object({ reason: z.string().trim().min(1).max(500).default('ditolak / rejected') });
const nikBody = z.object({ nik: z.string().regex(/^\d{16}$/) });
const quotaBody = z
  .object({
    quota: z.number().int().positive(),
    budgetCeiling: z.number().int().positive().nullable(),
    monthlyPremium: z.number().int().positive(),
    kecamatanQuotas: z.record(z.string().regex(/^\d{6}$/), z.number().int().nonnegative().nullable()),
    requiresApproval: z.boolean(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
const auditQuery = z.object({
  entity: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The routes of the contract (issue #10); each goes through the access layer (src/access/scoped-access.ts). */
export function registerRoutes(app: Router): void {
  app.get(
    '/me',
    json(async (ctx) => (await accessFor(ctx)).caller),
  );

  app.get(
    '/uploads',
    json(async (ctx) => {
      const { access } = await accessFor(ctx);
      return { uploads: await access.listUploads(listQuery.parse(query(ctx))) };
    }),
  );

  app.post(
    '/uploads/presign',
    json(async (ctx) => {
      const { d, caller } = await accessFor(ctx);
      return presignUpload(d, caller, presignBody.parse(await body(ctx)));
    }),
  );

  app.get(
    '/uploads/:uploadId',
    json(async (ctx) => {
      const { access } = await accessFor(ctx);
      return access.uploadDetail(uploadIdParam.parse(ctx.params).uploadId);
    }),
  );

  app.get(
    '/quota',
    json(async (ctx) => (await accessFor(ctx)).access.quota()),
  );

  app.put(
    '/quota',
    json(async (ctx) => {
      const { d, caller, requestId, access } = await accessFor(ctx);
      requireRole(caller, ['admin']);
      const changes = quotaBody.parse(await body(ctx));
      const before = await access.programme();
      const { state } = await setProgramme(d, regencyConfig, changes, {
        year: before.year,
        by: caller.email,
      });
      await d.audit.record({
        actor: actorOf(caller),
        action: 'programme.set',
        entity: `programme#${before.regency}#${before.year}`,
        old: settingsOf(before),
        new: settingsOf(state),
        ...(requestId ? { requestId } : {}),
      });
      return quotaReport(state, d.kecamatan);
    }),
  );

  app.get(
    '/areas',
    json(async (ctx) => (await accessFor(ctx)).access.areas()),
  );

  app.get(
    '/waitlist',
    json(async (ctx) => {
      const { access } = await accessFor(ctx);
      return { waitlist: await access.waitlist(listQuery.parse(query(ctx)).limit) };
    }),
  );

  app.post(
    '/workers/lookup',
    json(async (ctx) => {
      const { access } = await accessFor(ctx);
      return access.workerByNik(nikBody.parse(await body(ctx)).nik);
    }),
  );

  app.get(
    '/approvals',
    json(async (ctx) => {
      const { access } = await accessFor(ctx);
      return { uploads: await access.listUploads({ status: 'AWAITING_APPROVAL', limit: 200 }) };
    }),
  );

  app.post(
    '/approvals/:uploadId/approve',
    json(async (ctx) => {
      const { d, caller, requestId, access } = await accessFor(ctx);
      const { uploadId } = uploadIdParam.parse(ctx.params);
      const upload = await access.readUpload(uploadId);
      mayDecide(caller, upload);
      const result = await approveUpload(
        { uploads: d.uploads, start: d.startEnrollment, now: d.now },
        uploadId,
        caller.email,
      );
      if (result.approvedNow)
        await d.audit.record({
          actor: actorOf(caller),
          action: 'upload.approve',
          entity: `upload#${uploadId}`,
          old: { status: upload.status },
          new: { status: 'RUNNING', approval: result.approval },
          ...(requestId ? { requestId } : {}),
        });
      return { ...result, upload: uploadView((await d.uploads.get(uploadId)) ?? upload) };
    }),
  );

  app.post(
    '/approvals/:uploadId/reject',
    json(async (ctx) => {
      const { d, caller, requestId, access } = await accessFor(ctx);
      const { uploadId } = uploadIdParam.parse(ctx.params);
      const { reason } = rejectBody.parse(await body(ctx));
      const upload = await access.readUpload(uploadId);
      mayDecide(caller, upload);
      const result = await rejectUpload(
        {
          storage: d.storage,
          uploads: d.uploads,
          workers: d.registry,
          hash: d.hash,
          quota: d.quota,
          now: d.now,
        },
        uploadId,
        caller.email,
        reason,
      );
      if (result.rejectedNow)
        await d.audit.record({
          actor: actorOf(caller),
          action: 'upload.reject',
          entity: `upload#${uploadId}`,
          old: { status: upload.status, reserved: upload.outcomes?.reserved ?? 0 },
          new: { status: 'REJECTED', reason, released: result.released },
          ...(requestId ? { requestId } : {}),
        });
      return { ...result, upload: uploadView((await d.uploads.get(uploadId)) ?? upload) };
    }),
  );

  app.get(
    '/employers',
    json(async (ctx) => ({ employers: await (await accessFor(ctx)).access.employers() })),
  );

  app.get(
    '/audit',
    json(async (ctx) => {
      const { access } = await accessFor(ctx);
      return { events: await access.auditEvents(auditQuery.parse(query(ctx))) };
    }),
  );
  registerDashboardRoutes(app, accessFor);
}
