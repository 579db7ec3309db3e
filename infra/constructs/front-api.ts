import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  grantObjectRead,
  grantSecretRead,
  grantStartWorkflow,
  grantTable,
  type WorkflowRef,
} from './data-access.ts';
import type { LindungIdentity } from './identity.ts';
import type { LindungFunction } from './lindung-function.ts';

/** Every route of the API (functions/api/routes.ts); each gets the JWT authorizer. */
export const API_ROUTES = [
  ['GET', '/me'],
  ['GET', '/uploads'],
  ['POST', '/uploads/presign'],
  ['GET', '/uploads/{uploadId}'],
  ['GET', '/quota'],
  ['PUT', '/quota'],
  ['GET', '/areas'],
  ['GET', '/waitlist'],
  ['POST', '/workers/lookup'],
  ['GET', '/approvals'],
  ['POST', '/approvals/{uploadId}/approve'],
  ['POST', '/approvals/{uploadId}/reject'],
  ['GET', '/employers'],
  ['GET', '/audit'],
] as const;

export interface FrontApiProps {
  /** functions/api, defined by the stack like every function (house construct). */
  readonly handler: LindungFunction;
  /** validate-upload: it re-checks an upload's key against who asked for its presigned POST. */
  readonly validator: LindungFunction;
  readonly identity: LindungIdentity;
  readonly bucket: s3.IBucket;
  readonly key: kms.IKey;
  /** The NIK HMAC secret: the worker look-up hashes the NIK asked for. */
  readonly nikHmacSecret: secretsmanager.ISecret;
  readonly tables: {
    uploads: dynamodb.ITable;
    workers: dynamodb.ITable;
    programmes: dynamodb.ITable;
    employers: dynamodb.ITable;
  };
  readonly enrollment: WorkflowRef;
  /** Browser origins allowed to call (the dashboard's). */
  readonly allowedOrigins: readonly string[];
}

/**
 * The admin/agency HTTP API: API Gateway HTTP API, a JWT authorizer on the Cognito user pool for every route,
 * one function (functions/api) through the house construct, throttling and access logs on the stage.
 */
export class FrontApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly handler: LindungFunction;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, id: string, props: FrontApiProps) {
    super(scope, id);
    const { identity, key, tables } = props;
    const region = Stack.of(this).region;

    this.handler = props.handler;
    const fn = this.handler.function;
    const environment = {
      ACCESS_TABLE: identity.accessTable.tableName,
      EMPLOYERS_TABLE: tables.employers.tableName,
      PRESIGN_ROLE_ARN: identity.presignRole.roleArn,
      ENROLLMENT_STATE_MACHINE_ARN: props.enrollment.stateMachineArn,
      ALLOWED_ORIGINS: props.allowedOrigins.join(','),
    };
    for (const [name, value] of Object.entries(environment)) fn.addEnvironment(name, value);
    // The validator finds the presign record of an uploaded object (presign id in its metadata) and audits
    // employer registry imports.
    props.validator.function.addEnvironment('ACCESS_TABLE', identity.accessTable.tableName);
    grantTable(props.validator.function, identity.accessTable, { actions: ['GetItem', 'PutItem'] }, key);
    // Users, audit events and presign records. The four data tables: infra/dynamo-access.ts ('api').
    grantTable(fn, identity.accessTable, { actions: ['GetItem', 'PutItem'], indexes: ['byKind'] }, key);
    grantObjectRead(fn, props.bucket, ['reports/'], key); // row-error reports
    grantSecretRead(fn, props.nikHmacSecret, key);
    grantStartWorkflow(fn, props.enrollment, 'approved-<uploadId> runs');
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['sts:AssumeRole'],
      resourceArns: [identity.presignRole.roleArn],
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'lindung admin/agency API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowHeaders: ['Authorization', 'Content-Type'],
        allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.PUT],
        maxAge: Duration.minutes(10),
      },
    });
    this.stage = this.api.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            sub: '$context.authorizer.claims.sub',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            error: '$context.authorizer.error',
          }),
        ),
      },
    });
    const authorizer = new HttpJwtAuthorizer(
      'CognitoJwt',
      `https://cognito-idp.${region}.amazonaws.com/${identity.userPool.userPoolId}`,
      { jwtAudience: [identity.userPoolClient.userPoolClientId] },
    );
    const integration = new HttpLambdaIntegration('Handler', fn);
    for (const [method, path] of API_ROUTES)
      this.api.addRoutes({ path, methods: [apigw.HttpMethod[method]], integration, authorizer });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'lindung API base URL' });
  }
}
