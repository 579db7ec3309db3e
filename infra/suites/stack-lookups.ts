import * as path from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import type { LindungFunction } from '../constructs/lindung-function.ts';
import type { FunctionName } from '../stateless-stack.ts';
import { logicalId, permissionsOf, type SynthesizedLindung } from '../test-support.ts';

/*
 * What the stack suites look up in the shared synthesized app (stacks.test.ts synthesizes it before the tests):
 * each lookup reads the app when called, inside a test.
 */

export const PARTITION_REGION_ACCOUNT = 'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>';
export const ENROLLMENT_NAME = 'LindungStateless-enrollment';
export const ENROLLMENT_ARN = `${PARTITION_REGION_ACCOUNT}:stateMachine:${ENROLLMENT_NAME}`;

/** The condition `permissionsOf` renders for a KMS grant through `service`. */
export const via = (service: string) =>
  ` if StringEquals kms:ViaService=${service}.<AWS::Region>.amazonaws.com`;

/** Lookups on the stateless stack of the app `get` returns. */
export function statelessLookups(get: () => SynthesizedLindung) {
  const t = () => get().statelessTemplate;
  const resource = resourceIn(t);
  const fn = (name: FunctionName): LindungFunction => get().stateless.functions[name];
  const functionResource = (name: FunctionName) => t().toJSON().Resources[logicalId(fn(name).function)];
  const assetDir = (name: FunctionName) => {
    // The staged asset directory is asset.<hash>, the same hash as the S3 key of the function code.
    const hash = String(functionResource(name).Properties.Code.S3Key).replace(/\.zip$/, '');
    return path.join(get().assembly.directory, `asset.${hash}`);
  };

  /** Rendered ARNs of the stateful resources, as `render` prints them. */
  const arns = () => {
    const { stateful } = get();
    return {
      bucket: `${logicalId(stateful.bucket)}.Arn`,
      key: `${logicalId(stateful.key)}.Arn`,
      uploads: `${logicalId(stateful.uploadsTable)}.Arn`,
      workers: `${logicalId(stateful.workersTable)}.Arn`,
      programmes: `${logicalId(stateful.programmesTable)}.Arn`,
      employers: `${logicalId(stateful.employersTable)}.Arn`,
      secret: logicalId(stateful.nikHmacSecret),
      failedEvents: `${logicalId(stateful.failedEventsQueue)}.Arn`,
    };
  };
  const permissions = (name: FunctionName) => permissionsOf(get(), t(), logicalId(fn(name).role));
  const employerSm = () => logicalId(get().stateless.employerNotificationStateMachine);
  return { synth: get, t, fn, functionResource, resource, assetDir, arns, permissions, employerSm };
}

/** Lookups on the stateful stack of the app `get` returns. */
export function statefulLookups(get: () => SynthesizedLindung) {
  const t = () => get().statefulTemplate;
  const keyArn = () => ({ 'Fn::GetAtt': [logicalId(get().stateful.key), 'Arn'] });
  return { synth: get, t, keyArn, resource: resourceIn(t) };
}

/** Asserts that the construct's resource in the template matches `expected`. */
const resourceIn =
  (t: () => Template) => (construct: Parameters<typeof logicalId>[0], expected: Record<string, unknown>) =>
    t().templateMatches({ Resources: { [logicalId(construct)]: expected } });
