import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { REPO_ROOT } from './lindung-function.ts';

/** web/dist as built by scripts/build-web.ts (`npm run build:web`, run at install). */
export const WEB_DIST = path.join(REPO_ROOT, 'web', 'dist');

export interface DashboardProps {
  /** The admin API's base URL (API Gateway HTTP API stage URL). */
  readonly apiUrl: string;
  /** The Cognito app client the dashboard signs in with (USER_PASSWORD_AUTH). */
  readonly userPoolClientId: string;
  /** Server access logs of the site bucket go here when given. */
  readonly accessLogBucket?: s3.IBucket;
  /** The built site (tests pass a small folder). @default web/dist */
  readonly siteDir?: string;
}

/**
 * The dashboard in AWS: web/dist in a private S3 bucket behind CloudFront (origin access control: only this
 * distribution may read it), with `config.json` — the API's address and the Cognito client — written next to the
 * app at deployment, the same file the local stack serves (local/dashboard-server.ts).
 */
export class Dashboard extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly url: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const siteDir = props.siteDir ?? WEB_DIST;
    if (!existsSync(path.join(siteDir, 'index.html')))
      throw new Error(`${siteDir} has no index.html: build the dashboard first (npm run build:web)`);
    const region = Stack.of(this).region;
    this.bucket = new s3.Bucket(this, 'SiteBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      ...(props.accessLogBucket
        ? { serverAccessLogsBucket: props.accessLogBucket, serverAccessLogsPrefix: 'dashboard/' }
        : {}),
      // Rebuilt from the repository on every deployment: nothing in it is kept only here.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    if (!props.accessLogBucket)
      Validations.of(this.bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'Holds only the built static dashboard (no personal data); it is read solely by CloudFront through origin ' +
          'access control, and the data the pages show comes from the API, whose calls are logged there.',
      });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            "img-src 'self' data:",
            "style-src 'self' 'unsafe-inline'",
            `connect-src 'self' ${props.apiUrl} https://cognito-idp.${region}.amazonaws.com`,
            "frame-ancestors 'none'",
          ].join('; '),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.SAME_ORIGIN, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });
    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'lindung dashboard',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      },
      additionalBehaviors: {
        // The configuration changes with each deployment: never cached.
        '/config.json': {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy: headers,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        },
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        s3deploy.Source.asset(siteDir),
        s3deploy.Source.jsonData('config.json', {
          apiUrl: props.apiUrl,
          cognito: {
            endpoint: `https://cognito-idp.${region}.amazonaws.com/`,
            region,
            userPoolClientId: props.userPoolClientId,
          },
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json', '/app.js', '/styles.css'],
      memoryLimit: 512,
    });

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Village offices and agencies sign in from anywhere in the regency over mobile networks whose exit ' +
          'countries vary; the data itself is behind Cognito sign-in and the API, not behind geography.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves only static files (no forms posted to it, no origin compute); the API that ' +
          'takes requests has its own stage throttling and JWT authorizer.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Static assets only; who did what is recorded by the API (access logs, audit trail). Standard logging ' +
          'would need an ACL-enabled bucket, which the project does not otherwise keep.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default CloudFront domain certificate does not allow choosing the TLS policy; the viewer policy is ' +
          'to be set (TLSv1.2_2021) together with a custom domain certificate when the regency adds its domain.',
      },
    );
    acknowledgeDeploymentHandler(Stack.of(this), this.bucket);
    new CfnOutput(this, 'DashboardUrl', { value: this.url, description: 'The dashboard (CloudFront)' });
  }
}

/**
 * BucketDeployment's copy function is CDK's own singleton at stack level: its role (managed logging policy, the
 * object wildcards of the asset and site buckets, invalidations on any distribution) is CDK's, not ours to shape.
 * Acknowledged on that construct only, finding by finding.
 */
function acknowledgeDeploymentHandler(stack: Stack, site: s3.Bucket): void {
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const partition = Token.isUnresolved(stack.region) ? '<AWS::Partition>' : 'aws';
  const siteId = stack.getLogicalId(site.node.defaultChild as s3.CfnBucket);
  const why =
    'CDK-provided BucketDeployment handler (runs only during deployments): it copies the built dashboard from ' +
    'the CDK asset bucket into the site bucket, deletes stale files and invalidates the distribution.';
  const evidence = [
    'Action::s3:GetBucket*',
    'Action::s3:GetObject*',
    'Action::s3:List*',
    'Action::s3:Abort*',
    'Action::s3:DeleteObject*',
    `Resource::arn:${partition}:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${region}/*`,
    `Resource::<${siteId}.Arn>/*`,
    'Resource::*',
  ];
  for (const handler of stack.node.children.filter((c) =>
    c.node.id.startsWith('Custom::CDKBucketDeployment'),
  ))
    Validations.of(handler).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `${why} CDK does not expose its role to replace the managed logging policy.`,
      },
      ...evidence.map((e) => ({ id: `AwsSolutions-IAM5[${e}]`, reason: why })),
      { id: 'AwsSolutions-L1', reason: `${why} CDK pins the runtime of its handler.` },
    );
}
