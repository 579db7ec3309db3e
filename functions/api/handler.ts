import { Router } from '@aws-lambda-powertools/event-handler/http';
import { cors } from '@aws-lambda-powertools/event-handler/http/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { ZodError } from 'zod';
import { allowedOrigins } from '../../src/composition/api.ts';
import { httpError, invalidRequest, LindungError } from '../../src/shared/errors.ts';
import { logger } from '../../src/shared/observability.ts';
import { registerRoutes } from './routes.ts';

/**
 * The admin/agency HTTP API (API Gateway HTTP API v2 events, JWT authorizer in front). Thin: routes parse with
 * zod and call the access layer or a use case; every error is mapped here, once, to `{code, message, messageEn}`.
 */
const app = new Router({ logger });
const origins = allowedOrigins();
if (origins.length > 0)
  app.use(
    cors({
      origin: origins,
      allowHeaders: ['Authorization', 'Content-Type'],
      allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
      maxAge: 600,
    }),
  );
registerRoutes(app);

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

app.errorHandler(LindungError, async (error) => {
  const { status, body } = httpError(error);
  return json(status, body);
});
app.errorHandler(ZodError, async (error) => {
  const { status, body } = httpError(error); // 400 naming each field (src/shared/errors.ts)
  return json(status, body);
});
app.errorHandler(SyntaxError, async () =>
  json(
    400,
    httpError(invalidRequest('Isi permintaan bukan JSON yang sah.', 'The request body is not valid JSON.'))
      .body,
  ),
);
app.notFound(async () =>
  json(404, {
    code: 'NOT_FOUND',
    message: 'Alamat tidak ada.',
    messageEn: 'No such route.',
    retryable: false,
  }),
);
app.errorHandler(Error, async (error) => {
  logger.error('unhandled API error', { error });
  const { status, body } = httpError(error);
  return json(status, body);
});

export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  logger.addContext(context);
  return app.resolve(event, context);
};
