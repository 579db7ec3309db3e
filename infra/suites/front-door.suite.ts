import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../constructs/front-api.ts';
import { logicalId, permissionsOf, type SynthesizedLindung } from '../test-support.ts';

/** The front door (infra/constructs/identity.ts, front-api.ts) on the shared synthesized app (stacks.test.ts). */
export function frontDoorSuite(get: () => SynthesizedLindung): void {
  describe('front door', () => {
    let synth: SynthesizedLindung;
    let stateful: Template;
    let stateless: Template;
    beforeAll(() => {
      synth = get();
      stateful = synth.statefulTemplate;
      stateless = synth.statelessTemplate;
    });

    it('denies s3:PutObject under uploads/ to every principal but the presigning role', () => {
      const presignRole = logicalId(synth.stateful.identity.presignRole);
      stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(synth.stateful.bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Sid: 'OnlyOneWriteruploads',
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:PutObject',
              Resource: {
                'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(synth.stateful.bucket), 'Arn'] }, '/uploads/*']],
              },
              Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [presignRole, 'Arn'] } } },
            },
          ]),
        },
      });
    });

    it('denies s3:PutObject under inbound/bpjs/ to every principal but the BPJS exchange role', () => {
      stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:PutObject',
              Condition: {
                ArnNotEquals: {
                  'aws:PrincipalArn': {
                    'Fn::GetAtt': [logicalId(synth.stateful.identity.bpjsExchangeRole), 'Arn'],
                  },
                },
              },
            }),
          ]),
        },
      });
    });

    it('lets the presigning role write only under uploads/desa/ and uploads/agency/', () => {
      const role = logicalId(synth.stateful.identity.presignRole);
      const permissions = permissionsOf(synth, stateful, role);
      const bucket = logicalId(synth.stateful.bucket);
      expect(permissions['s3:PutObject']).toEqual([
        `${bucket}.Arn/uploads/agency/*`,
        `${bucket}.Arn/uploads/desa/*`,
      ]);
      expect(Object.keys(permissions).filter((a) => a.startsWith('s3:'))).toEqual([
        's3:AbortMultipartUpload',
        's3:PutObject',
      ]);
    });

    it('puts the JWT authorizer of the user pool on every route of the contract', () => {
      const authorizers = stateless.findResources('AWS::ApiGatewayV2::Authorizer');
      const [authorizerId, authorizer] = Object.entries(authorizers)[0] ?? [];
      expect(authorizer?.Properties).toMatchObject({
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
      });
      const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route'));
      expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
        API_ROUTES.map(([method, path]) => `${method} ${path}`).sort(),
      );
      for (const route of routes)
        expect(route.Properties).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: authorizerId },
        });
    });

    it('throttles the stage and logs every request', () => {
      stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      });
    });

    it('gives the API function its table, presign and workflow rights, and no write to the bucket', () => {
      const role = logicalId(synth.stateless.frontApi.handler.function.role as never);
      const permissions = permissionsOf(synth, stateless, role);
      expect(permissions['sts:AssumeRole']).toEqual([
        `${logicalId(synth.stateful.identity.presignRole)}.Arn`,
      ]);
      expect(permissions['s3:PutObject']).toBeUndefined();
      expect(permissions['s3:GetObject']).toEqual([`${logicalId(synth.stateful.bucket)}.Arn/reports/*`]);
    });

    it('lets the dashboard client sign in with USER_PASSWORD_AUTH and creates one group per role', () => {
      stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH']),
        GenerateSecret: false,
      });
      const groups = Object.values(stateful.findResources('AWS::Cognito::UserPoolGroup')).map(
        (g) => g.Properties.GroupName,
      );
      expect(groups.sort()).toEqual(['admin', 'agency', 'approver', 'desa', 'viewer']);
    });
  });
}
