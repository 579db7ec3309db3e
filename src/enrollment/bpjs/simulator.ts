import { createHash } from 'node:crypto';
import type { BpjsGateway, ParticipantResult } from './gateway.ts';
import { BpjsTransientError } from './gateway.ts';

export interface SimulatorOptions {
  /** Probability (0–1) that a submission fails transiently (LINDUNG_BPJS_FAILURE_RATE). */
  failureRate: number;
  /** Delay per submission in ms (LINDUNG_BPJS_LATENCY_MS). */
  latencyMs: number;
  random?: () => number;
}

/** NIKs whose serial is 9990–9999 are "not found at Dukcapil" in the simulator (a documented test hook). */
export const SIMULATED_UNKNOWN_SERIAL_FROM = 9990;

/**
 * A local BPJS Ketenagakerjaan: accepts batches, gives each NIK a stable 11-digit KPJ (so a replayed batch
 * yields the same participant numbers, never a second one), rejects NIKs unknown to Dukcapil, and fails
 * transiently at the configured rate.
 */
export function bpjsSimulator(options: SimulatorOptions): BpjsGateway {
  const random = options.random ?? Math.random;
  return {
    name: 'simulator',
    async submit(batch) {
      if (options.latencyMs > 0) await new Promise((r) => setTimeout(r, options.latencyMs));
      if (random() < options.failureRate) {
        throw new BpjsTransientError(
          `simulasi gangguan BPJS untuk batch ${batch.batchId}`,
          `simulated BPJS outage for batch ${batch.batchId}`,
        );
      }
      const coverageStart = batch.periodStart;
      const results: ParticipantResult[] = batch.participants.map((p) =>
        Number(p.nik.slice(12)) >= SIMULATED_UNKNOWN_SERIAL_FROM
          ? {
              nik: p.nik,
              outcome: 'REJECTED',
              reason: 'NIK tidak ditemukan di Dukcapil / NIK not found at Dukcapil',
            }
          : { nik: p.nik, outcome: 'ACCEPTED', kpj: simulatedKpj(p.nik), coverageStart },
      );
      return { mode: 'sync', results };
    },
  };
}

export function simulatedKpj(nik: string): string {
  const digits =
    BigInt(`0x${createHash('sha256').update(`kpj:${nik}`).digest('hex').slice(0, 15)}`) % 1_000_000_000n;
  return `26${digits.toString().padStart(9, '0')}`;
}
