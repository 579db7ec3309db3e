import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

// One stack per test file: handlers keep their SDK clients at module scope, as in Lambda.
describe('S3 events delivered more than once', () => {
  it('processes each upload once: one upload record, one execution, no duplicate workers', async () => {
    const env = await freshStack({ eventCopies: 2 });
    try {
      const key = 'uploads/desa/6408042001/dua-kali.csv';
      await env.clients.s3.send(
        new PutObjectCommand({ Bucket: env.clients.info.bucket, Key: key, Body: toCsv(validWorkers(5)) }),
      );
      await env.stack.idle();
      const uploads = (await env.clients.uploads.listRecent(100)).filter((u) => u.objectKey === key);
      expect(uploads).toHaveLength(1);
      expect(uploads[0]?.outcomes?.enrolled).toBe(5);
      expect(uploads[0]?.outcomes?.duplicates).toBe(0);
      const executions = await env.clients.sfn.send(
        new ListExecutionsCommand({ stateMachineArn: env.clients.info.stateMachines.enrollment }),
      );
      expect(executions.executions).toHaveLength(1);
      const workers = await env.clients.dynamo.send(
        new ScanCommand({
          TableName: env.clients.info.tables.workers,
          FilterExpression: 'uploadId = :u',
          ExpressionAttributeValues: { ':u': uploads[0]?.uploadId },
        }),
      );
      expect(workers.Count).toBe(5);
    } finally {
      await env.dispose();
    }
  });
});
