import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ROLES } from '../../src/access/model.ts';
import { grantObjectRead, grantObjectWrite } from './data-access.ts';

export interface IdentityProps {
  readonly bucket: s3.Bucket;
  readonly key: kms.IKey;
  /** The stateful stack's table defaults (keys, billing, PITR, CMK, retention). */
  readonly tableDefaults: dynamodb.TableProps;
}

/** Upload prefixes only the presigning role may write, and the BPJS branch's inbound prefix. */
export const UPLOAD_PREFIXES = ['uploads/desa/', 'uploads/agency/'] as const;

/**
 * Who is who (stateful: users outlive deployments): the Cognito user pool with one group per role and the
 * dashboard's app client (USER_PASSWORD_AUTH, as the local emulator), the access table (users' areas, audit,
 * presigned uploads), the role presigned POSTs are signed with, and the BPJS exchange role. The upload bucket's
 * policy denies PutObject under uploads/ to every principal but the presigning role, and under inbound/bpjs/ to
 * every principal but the BPJS exchange role.
 */
export class LindungIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly accessTable: dynamodb.Table;
  readonly presignRole: iam.Role;
  readonly bpjsExchangeRole: iam.Role;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    const { bucket, key } = props;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is offered (TOTP) but not required: village operators share office phones and have no authenticator ' +
        'app at first; administrators enable it. Users are created by administrators only (no self sign-up).',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Threat protection needs the Plus feature plan; a few hundred administrator-created users with strong ' +
        'passwords, no self sign-up and an audited API do not justify it yet.',
    });
    for (const role of ROLES)
      new cognito.CfnUserPoolGroup(this, `Group${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `lindung role ${role}`,
      });
    this.userPoolClient = this.userPool.addClient('DashboardClient', {
      authFlows: { userPassword: true, userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });

    this.accessTable = new dynamodb.Table(this, 'AccessTable', {
      ...props.tableDefaults,
      timeToLiveAttribute: 'expiresAt',
    });
    this.accessTable.addGlobalSecondaryIndex({
      indexName: 'byKind',
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
    });

    // Assumed by the API function (its policy names this role): presigned POSTs carry this role's session.
    this.presignRole = new iam.Role(this, 'PresignRole', {
      description:
        'lindung: signs presigned upload POSTs; may write only under uploads/desa/ and uploads/agency/',
      assumedBy: new iam.AccountRootPrincipal(),
      maxSessionDuration: Duration.hours(1),
    });
    grantObjectWrite(this.presignRole, bucket, UPLOAD_PREFIXES, key);

    this.bpjsExchangeRole = new iam.Role(this, 'BpjsExchangeRole', {
      description: 'lindung: the BPJS branch file exchange: reads outbound/bpjs/, writes inbound/bpjs/',
      assumedBy: new iam.AccountRootPrincipal(),
      maxSessionDuration: Duration.hours(1),
    });
    grantObjectWrite(this.bpjsExchangeRole, bucket, ['inbound/bpjs/'], key);
    grantObjectRead(this.bpjsExchangeRole, bucket, ['outbound/bpjs/'], key);

    const onlyFor = (prefix: string, role: iam.Role) =>
      bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `OnlyOneWriter${prefix.replace(/\W/g, '')}`,
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['s3:PutObject'],
          resources: [bucket.arnForObjects(`${prefix}*`)],
          conditions: { ArnNotEquals: { 'aws:PrincipalArn': role.roleArn } },
        }),
      );
    onlyFor('uploads/', this.presignRole);
    onlyFor('inbound/bpjs/', this.bpjsExchangeRole);

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId, description: 'Cognito user pool' });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.userPoolClient.userPoolClientId,
      description: 'Dashboard app client (USER_PASSWORD_AUTH)',
    });
  }
}
