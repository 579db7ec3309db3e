/**
 * List prices the cost bench multiplies by: AWS us-east-1, on-demand, as published on the date below (the
 * issue's figures use the same). Change the date when you change a price.
 */
export const PRICES = {
  asOf: '2026-11-29',
  region: 'us-east-1',
  /** DynamoDB on-demand, per write / read request unit. */
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  /** Step Functions Standard, per state transition. */
  stateTransition: 0.025 / 1000,
  /** Lambda arm64. */
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecond: 0.0000133334,
  /** S3 Standard: PUT/COPY/POST/LIST class, GET class. */
  s3Write: 0.005 / 1000,
  s3Read: 0.0004 / 1000,
  /** KMS requests (bucket key and DynamoDB's cached data keys: at most about one per invocation). */
  kmsRequest: 0.03 / 10_000,
  /** CloudWatch Logs ingestion, per GB. */
  logsGb: 0.5,
} as const;
