import type { BpjsGateway, ParticipantResult } from './gateway.ts';
import { BpjsPermanentError, BpjsTransientError } from './gateway.ts';

export interface HttpGatewayOptions {
  endpoint: string;
  /** Bearer token (from Secrets Manager in AWS). */
  token: () => Promise<string>;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * For when BPJS offers an API: POST the batch as JSON with an Idempotency-Key (the batch id), so a retried
 * task cannot register anyone twice. 5xx, 429 and timeouts are transient (retried by Step Functions); other
 * 4xx are permanent for the batch.
 */
export function httpGateway(options: HttpGatewayOptions): BpjsGateway {
  const doFetch = options.fetch ?? fetch;
  return {
    name: 'http',
    async submit(batch) {
      let response: Response;
      try {
        response = await doFetch(options.endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${await options.token()}`,
            'idempotency-key': batch.batchId,
          },
          body: JSON.stringify(batch),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const reason = (error as Error).message;
        throw new BpjsTransientError(
          `API BPJS tidak dapat dihubungi: ${reason}`,
          `BPJS API unreachable: ${reason}`,
        );
      }
      if (response.status === 429 || response.status >= 500) {
        throw new BpjsTransientError(
          `API BPJS menjawab ${response.status}; dicoba lagi nanti`,
          `BPJS API answered ${response.status}`,
        );
      }
      if (!response.ok)
        throw new BpjsPermanentError(
          `API BPJS menolak batch ${batch.batchId}: ${response.status}`,
          `BPJS API refused batch ${batch.batchId}: ${response.status}`,
        );
      const body = (await response.json()) as { results?: ParticipantResult[] };
      if (!Array.isArray(body.results))
        throw new BpjsPermanentError('Jawaban API BPJS tanpa hasil', 'BPJS API answer has no results');
      return { mode: 'sync', results: body.results };
    },
  };
}
