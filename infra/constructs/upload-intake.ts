import { Duration, Size, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { validatorConcurrency } from '../safeguards.ts';
import { validatorThrottledAlarm } from '../validator-alarm.ts';
import {
  grantObjectDelete,
  grantObjectRead,
  grantObjectWrite,
  grantSecretRead,
  grantStartWorkflow,
} from './data-access.ts';
import type { EnrollmentWorkflow } from './enrollment-workflow.ts';
import type { FunctionWiring } from './function-wiring.ts';
import type { LindungFunction } from './lindung-function.ts';

/**
 * The S3 entry points: validate-upload (worker lists and employer registries under uploads/, with upload-failed
 * as its onFailure destination) and ingest-bpjs-ack (the BPJS branch's acknowledgements under inbound/bpjs/),
 * the bucket notifications that invoke them, and the alarms on what they could not process.
 *
 * Built in the stack's scope, not as a construct of its own: a construct would prefix every logical ID with
 * its id and so replace the deployed functions and alarms.
 */
export class UploadIntake {
  readonly validateUpload: LindungFunction;
  readonly uploadFailed: LindungFunction;
  readonly ingestBpjsAck: LindungFunction;
  /** Any S3 event in the failed-events queue: an upload or BPJS acknowledgement that was not processed. */
  readonly failedEventsAlarm: cloudwatch.Alarm;
  /** The validator at its concurrency limit: uploads wait (a flood, or a backlog to watch). */
  readonly validatorThrottledAlarm: cloudwatch.Alarm;

  constructor(wiring: FunctionWiring, enrollment: EnrollmentWorkflow) {
    const { stack, define, env, sendsAlerts, bucket, data } = wiring;
    const { key, nikHmacSecret, employersTable } = data;
    const { byName: enrollmentWorkflow, startsEnrollment } = enrollment;

    // validate-upload: worker lists, and employer registries under uploads/agency/disnakertrans/employers/
    // (S3 cannot route overlapping prefixes to two functions). XLSX reading spills the sheet XML to /tmp.
    const validatorSlots = validatorConcurrency(stack);
    // upload-failed: validate-upload's onFailure destination. An upload whose validation failed its retries
    // ends FAILED with the cause (not VALIDATING for good); the event then goes on to the failed-events queue
    // (onSuccess), so the alarm and a re-drive still see it. Its own failures go there too.
    this.uploadFailed = define('upload-failed', {
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: env.names,
      failedEvents: data.failedEventsQueue,
      forwardHandledEvents: true,
    });
    // validate-upload hashes no NIK: no secret ARN (and no grant on the secret).
    const validateUpload = define('validate-upload', {
      memorySize: 2048,
      timeout: Duration.minutes(15),
      ephemeralStorageSize: Size.gibibytes(2),
      // The cost brake: at most this many files are validated at once; S3 events beyond wait in Lambda's
      // asynchronous queue (retried on throttling for up to 6 hours, then the failed-events queue).
      reservedConcurrentExecutions: validatorSlots,
      bundleAreaData: true,
      environment: { ...env.names, ...startsEnrollment, EMPLOYERS_TABLE: employersTable.tableName },
      failureHandler: this.uploadFailed.function,
    });
    this.validateUpload = validateUpload;
    // reports/ holds row-error reports (reports/<uploadId>/) and registry reports (reports/employers/).
    grantObjectRead(validateUpload.function, bucket, ['uploads/'], key);
    grantObjectWrite(validateUpload.function, bucket, ['staging/', 'reports/'], key);
    // A file rejected part-way: the chunks staged before the error are deleted (nothing staged for it).
    grantObjectDelete(validateUpload.function, bucket, ['staging/']);
    grantStartWorkflow(validateUpload.function, enrollmentWorkflow, 'upload ids');

    // ingest-bpjs-ack: the BPJS branch's acknowledgement files. Applies the answers (registry), recounts the
    // affected chunks (staged rows) and closes their uploads, releases places of rejected workers and promotes
    // the waitlist (new enrollment runs), writes its report under reports/bpjs-ack/.
    const ingestBpjsAck = define('ingest-bpjs-ack', {
      memorySize: 1024,
      timeout: Duration.minutes(15),
      environment: { ...env.registry, ...env.alerts, ...env.bpjs, ...startsEnrollment },
      failedEvents: data.failedEventsQueue,
    });
    this.ingestBpjsAck = ingestBpjsAck;
    grantObjectRead(ingestBpjsAck.function, bucket, ['inbound/bpjs/', 'staging/'], key);
    grantObjectWrite(ingestBpjsAck.function, bucket, ['reports/bpjs-ack/'], key);
    grantSecretRead(ingestBpjsAck.function, nikHmacSecret, key);
    sendsAlerts(ingestBpjsAck);
    grantStartWorkflow(ingestBpjsAck.function, enrollmentWorkflow, 'promoted waitlist runs');

    // S3 → functions. The bucket lives in the stateful stack, the functions here. Adding the notifications to
    // the bucket construct itself would put the Custom::S3BucketNotifications resource in the stateful stack,
    // pointing at this stack's functions, while this stack already references the bucket: a cross-stack cycle
    // (and the stateful stack would change with every function change). On the imported bucket, the custom
    // resource, its handler and the lambda:InvokeFunction permissions for s3.amazonaws.com all live in this
    // stack, so references flow one way only. For an imported bucket the handler runs "unmanaged": it adds and
    // removes only its own configuration and keeps any other notification on the bucket. The two prefixes do
    // not overlap (S3 rejects overlapping filters for the same event type).
    bucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.LambdaDestination(validateUpload.function),
      { prefix: 'uploads/' },
    );
    bucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.LambdaDestination(ingestBpjsAck.function),
      { prefix: 'inbound/bpjs/' },
    );
    acknowledgeNotificationHandler(stack);

    // Both S3-triggered functions send an event that failed its retries to the failed-events queue (stateful
    // stack; see LindungFunction.failedEvents). One message there is one file nobody processed: alarm at once.
    this.failedEventsAlarm = failedEventsAlarm(stack, data.failedEventsQueue);
    this.validatorThrottledAlarm = validatorThrottledAlarm(stack, validateUpload, validatorSlots);
  }
}

/**
 * ApproximateNumberOfMessagesVisible >= 1 (maximum over 5 minutes). No message, no metric worth alarming on:
 * missing data is not breaching. The description is what an operator reads in the console or a notification.
 */
function failedEventsAlarm(stack: Stack, queue: sqs.IQueue): cloudwatch.Alarm {
  const queueOutput = `output FailedEventsQueueUrl of ${Stack.of(queue).stackName}`;
  const alarmDescription =
    'ID: Event S3 gagal diproses validate-upload / ingest-bpjs-ack setelah semua percobaan ulang; sampai ' +
    `diproses ulang, pekerja dalam berkas itu tidak terdaftar/diperbarui. Baca pesan di antrean (${queueOutput}): ` +
    'requestPayload = event S3 (bucket, key), responsePayload = galat. Perbaiki penyebabnya, proses ulang ' +
    '(salin objek ke dirinya sendiri: aws s3 cp s3://BUCKET/KEY s3://BUCKET/KEY --metadata-directive REPLACE, ' +
    'atau unggah ulang berkasnya), lalu hapus pesannya. ' +
    'EN: An S3 event failed in validate-upload / ingest-bpjs-ack after all retries; until re-driven, the ' +
    'workers in that file are not enrolled/updated. Read the message in the queue (same output): ' +
    'requestPayload = the S3 event, responsePayload = the error. Fix the cause, re-drive (copy the object ' +
    'onto itself as above, or upload the file again), then delete the message. See infra/README.md.';
  return new cloudwatch.Alarm(stack, 'FailedEventsAlarm', {
    alarmDescription,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/**
 * The Custom::S3BucketNotifications handler is CDK's own singleton Lambda; its role carries the AWS managed
 * AWSLambdaBasicExecutionRole policy and CDK offers no way to replace it. Its other permissions are already
 * scoped to the upload bucket (s3:GetBucketNotification / s3:PutBucketNotification).
 */
function acknowledgeNotificationHandler(stack: Stack): void {
  const handlers = stack.node.children.filter((c) => c.node.id.startsWith('BucketNotificationsHandler'));
  if (handlers.length !== 1) throw new Error('expected exactly one BucketNotificationsHandler in the stack');
  for (const handler of handlers) {
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'CDK-provided handler of Custom::S3BucketNotifications: it only runs during deployments, and CDK ' +
        'does not expose its role to replace the managed logging policy.',
    });
  }
}
