/**
 * The periodic report for 1,000,000 workers' counters on the local stack: coverage counters as 2,000 uploads of
 * 500 workers spread over every desa and the programme year, a year of claims (4,553 lines, as Kutai Timur's
 * 2024), then the weekly report built (counters read), rendered (chart PNG, HTML, XLSX) and stored — the
 * workers table is not read at all, so the time does not grow with workers. BENCH_WORKERS to change.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pMap from 'p-map';
import { startLocalStack } from '../local/stack.ts';
import { dynamoClaimStore } from '../src/adapters/dynamo-claims-store.ts';
import { dynamoCoverageCounters } from '../src/adapters/dynamo-coverage-counters.ts';
import { CLAIM_TYPES } from '../src/claims/model.ts';
import { quotaDepsFor } from '../src/cli/quota-ops.ts';
import { clientsFor } from '../src/cli/stack-client.ts';
import { runPeriodicReport } from '../src/composition/reports.ts';
import { noAreaCounts } from '../src/coverage/model.ts';
import { setProgramme } from '../src/quota/programme.ts';
import { addDays } from '../src/reports/period.ts';
import { regencyConfig } from '../src/shared/regency-config.ts';
import { loadRegionDirectory } from '../src/validation/regions.ts';

export async function run(): Promise<void> {
  const workers = Number(process.env.BENCH_WORKERS ?? 1_000_000);
  const perUpload = 500;
  const uploads = Math.ceil(workers / perUpload);
  const dataDir = mkdtempSync(join(tmpdir(), 'lindung-bench-report-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const stack = await startLocalStack({ dataDir, basePort: 0 });
  try {
    const clients = clientsFor(stack.info);
    const year = 2026;
    await setProgramme(quotaDepsFor(clients), regencyConfig, { quota: 1_500_000 }, { year, by: 'bench' });
    const programme = { regency: regencyConfig.regency.code, year };
    const desa = (await loadRegionDirectory(programme.regency)).listDesa().filter((_, i) => i % 9 !== 4);
    const counters = dynamoCoverageCounters(clients.dynamo, stack.info.tables.programmes);
    let t = Date.now();
    await pMap(
      Array.from({ length: uploads }, (_, i) => i),
      async (i) => {
        const d = desa[i % desa.length];
        if (!d) return;
        const day = addDays(`${year}-01-05`, Math.floor((i * 320) / uploads));
        const n = Math.min(perUpload, workers - i * perUpload);
        const at = `${day}T03:00:00.000Z`;
        const counts = {
          ...noAreaCounts(),
          uploads: 1,
          rows: n + 20,
          rejected: 20,
          enrolled: n - 10,
          waitlisted: 4,
          referred: 6,
        };
        await counters.putUpload(
          programme,
          {
            uploadId: `bench-${i}`,
            byDesa: [{ ...counts, desa: d.code, kecamatan: d.kecamatan, lastUploadAt: at }],
          },
          at,
          day,
        );
      },
      { concurrency: 8 },
    );
    console.log(
      `counters of ${workers.toLocaleString('en')} workers: ${uploads.toLocaleString('en')} uploads written in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );

    const claims = dynamoClaimStore(clients.dynamo, stack.info.tables.programmes);
    t = Date.now();
    await pMap(
      Array.from({ length: 4553 }, (_, i) => i),
      async (i) => {
        const d = desa[i % desa.length];
        if (!d) return;
        const paid = addDays(`${year}-02-01`, i % 290);
        await claims.apply(
          programme.regency,
          {
            lineId: `bench-${i}`,
            nikHash: `h${i}`,
            type: CLAIM_TYPES[i % 3] ?? 'JKK',
            eventDate: paid,
            paidDate: paid,
            amount: 26_000_000,
            desa: d.code,
            kecamatan: d.kecamatan,
            file: 'bench.csv',
            row: i + 2,
          },
          new Date().toISOString(),
        );
      },
      { concurrency: 8 },
    );
    console.log(`4,553 claim lines applied in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    for (const attempt of ['first (cold: wasm, fonts)', 'second (warm)']) {
      t = Date.now();
      const { report } = await runPeriodicReport(clients, {
        kind: 'weekly',
        asOf: `${year}-11-30`,
        send: false,
      });
      console.log(
        `weekly report, ${attempt}: ${((Date.now() - t) / 1000).toFixed(2)} s (built, chart PNG, HTML, XLSX, stored) — covered ${report.covered.toLocaleString('en')}, ${report.byDesa.length} desa, ${report.desaWithoutUploads.length} without uploads, claims ${report.claims.count.toLocaleString('en')}`,
      );
    }
    const m = process.memoryUsage();
    console.log(
      `peak-ish RSS ${(m.rss / 1e6).toFixed(0)} MB (machine shared with other developers: figures are indicative)`,
    );
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
