/**
 * Builds the dashboard (web/) into web/dist/: the app bundled by esbuild (Preact + htm + the ECharts parts it
 * uses), index.html and styles, the regency's kecamatan/desa list and the worker-list template. Runs at install
 * (`prepare`) and by `npm run build:web`; nothing is fetched at run time. `config.json` is not built here: the
 * local stack serves it from stack.json, CloudFront from the deployment (infra/constructs/dashboard.ts).
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { regencyConfig } from '../src/shared/regency-config.ts';
import { DEFAULT_CONFIG_URL, loadValidationRules } from '../src/validation/default-rules.ts';
import { loadRegionDirectory } from '../src/validation/regions.ts';
import { buildTemplate } from '../src/validation/template.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = join(root, 'web', 'dist');
export const TEMPLATE_FILE = 'templat-daftar-pekerja.xlsx';

export async function buildWeb(outDir = WEB_DIST): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'web', 'src', 'main.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    outfile: join(outDir, 'app.js'),
    legalComments: 'external',
    logLevel: 'warning',
  });
  for (const f of ['index.html', 'styles.css']) copyFileSync(join(root, 'web', f), join(outDir, f));

  const { rules } = await loadValidationRules(DEFAULT_CONFIG_URL);
  const regions = await loadRegionDirectory(rules.regencyCode);
  const areas = {
    regency: regencyConfig.regency,
    agencies: regencyConfig.agencies.map((a) => ({ id: a.id, name: a.name })),
    kecamatan: regions.listKecamatan().map((k) => ({ code: k.code, name: k.name })),
    desa: regions
      .listDesa()
      .map((d) => ({ code: d.code, name: d.name, kecamatan: d.kecamatan, kind: d.kind })),
  };
  writeFileSync(join(outDir, 'regions.json'), JSON.stringify(areas));
  const template = await buildTemplate({
    regions,
    minAge: rules.minAge,
    maxAge: rules.maxAge,
    excludedOccupations: rules.excludedOccupations,
  });
  writeFileSync(join(outDir, TEMPLATE_FILE), template);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWeb();
  console.log(`dashboard built into ${WEB_DIST}`);
}
