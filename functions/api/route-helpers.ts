import type { RequestContext } from '@aws-lambda-powertools/event-handler/types';
import { z } from 'zod';

export type Ctx = RequestContext;

/** Every route answers JSON; the access layer's and use cases' results are plain data. */
export const json = (fn: (ctx: Ctx) => Promise<unknown>) => async (ctx: Ctx) =>
  new Response(JSON.stringify(await fn(ctx)), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

/** `{uploadId}` in a route's path. */
export const uploadIdParam = z.object({ uploadId: z.string().regex(/^[\w-]{1,64}$/) });
