import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, CfnParameter, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dashboard } from './constructs/dashboard.ts';
import { cdkJsonContext } from './test-support.ts';

/** The dashboard construct in a stack of its own, with cdk-nag on (the same plugin as the app). */
describe('Dashboard (S3 + CloudFront)', () => {
  let scratch: string;
  let site: string;
  let template: Template;
  let findings: string[];
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'lindung-site-'));
    site = path.join(scratch, 'site');
    mkdirSync(site);
    writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>lindung</title>');
    const app = new App({ context: cdkJsonContext(), outdir: path.join(scratch, 'out') });
    const stack = new Stack(app, 'DashboardTest', { env: { region: 'ap-southeast-3' } });
    // In the app both come from other resources (tokens), as here.
    new Dashboard(stack, 'Dashboard', {
      apiUrl: new CfnParameter(stack, 'ApiUrl').valueAsString,
      userPoolClientId: new CfnParameter(stack, 'ClientId').valueAsString,
      siteDir: site,
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    findings = [];
    try {
      app.synth();
    } catch (e) {
      findings.push(String(e));
    }
    template = Template.fromStack(stack);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('synthesizes with no unacknowledged cdk-nag finding', () => {
    expect(findings).toEqual([]);
  });

  it('keeps the bucket private: every public access blocked, TLS only, readable by the distribution alone', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('serves over HTTPS with index.html as root and config.json never cached', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/config.json',
            CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          }),
        ],
      }),
    });
  });

  it('writes config.json with the API address and the Cognito client of the region', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      SourceMarkers: Match.arrayWith([
        Match.objectLike({
          // config.json's placeholders, filled at deployment with the API URL and the app client id.
          '<<marker:0xbaba:0>>': { Ref: 'ApiUrl' },
          '<<marker:0xbaba:1>>': { Ref: 'ClientId' },
        }),
      ]),
      DistributionId: Match.anyValue(),
    });
  });

  it('sends a content security policy that allows only the API and Cognito to be called', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: {
            ContentSecurityPolicy: {
              'Fn::Join': [
                '',
                [
                  Match.stringLikeRegexp("default-src 'self'.*connect-src 'self' $"),
                  { Ref: 'ApiUrl' },
                  Match.stringLikeRegexp('^ https://cognito-idp.ap-southeast-3.amazonaws.com;'),
                ],
              ],
            },
            Override: true,
          },
        }),
      }),
    });
  });
});
