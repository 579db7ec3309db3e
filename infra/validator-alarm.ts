import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { LindungFunction } from './constructs/lindung-function.ts';

/**
 * validate-upload throttled (Throttles >= 1 in 15 minutes): every slot of its reserved concurrency is busy and
 * S3 events queue up. A flood of uploads (by mistake or on purpose) costs at most that concurrency, and an
 * operator hears of it; missing data (no throttle) is not breaching.
 */
export function validatorThrottledAlarm(
  scope: Construct,
  validator: LindungFunction,
  slots: number,
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, 'ValidatorThrottledAlarm', {
    alarmDescription:
      `ID: validate-upload sedang dibatasi: ${slots} berkas sudah diperiksa bersamaan dan unggahan lain antre ` +
      '(dicoba ulang oleh Lambda hingga 6 jam, lalu ke antrean event gagal). Periksa siapa yang mengunggah ' +
      'banyak berkas (uploads/…), hentikan banjir unggahan, atau naikkan lindung:validatorConcurrency. ' +
      `EN: validate-upload is throttled: ${slots} files are being validated at once and further uploads wait ` +
      '(Lambda retries them for up to 6 hours, then the failed-events queue). Find who uploads many files ' +
      '(uploads/…), stop a flood, or raise lindung:validatorConcurrency. See README "Retention and safeguards".',
    metric: validator.function.metricThrottles({
      period: Duration.minutes(15),
      statistic: cloudwatch.Stats.SUM,
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
