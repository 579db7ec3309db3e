/**
 * The report's chart, rendered without a browser: ECharts' server-side SVG renderer, then resvg (WebAssembly,
 * so the same code runs on x64 laptops and arm64 Lambda without a native binary) with a bundled TTF font
 * (DejaVu Sans, from the dejavu-fonts-ttf package: Bitstream Vera licence + public domain; Lambda has no fonts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import * as echarts from 'echarts';
import { formatCount } from '../quota/calendar.ts';
import type { PeriodicReport } from './model.ts';
import { formatDay } from './period.ts';

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 420;
const FONT = 'DejaVu Sans';

/**
 * Where the wasm module and the fonts are: LINDUNG_REPORT_ASSETS_DIR in Lambda (copied beside the bundle by
 * the CDK construct), else resolved from node_modules.
 */
export function chartAssets(): { wasm: string; fonts: string[] } {
  const dir = process.env.LINDUNG_REPORT_ASSETS_DIR;
  if (dir)
    return {
      wasm: join(dir, 'index_bg.wasm'),
      fonts: [join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')],
    };
  const require = createRequire(import.meta.url);
  const fontDir = join(require.resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf');
  return {
    wasm: require.resolve('@resvg/resvg-wasm/index_bg.wasm'),
    fonts: [join(fontDir, 'DejaVuSans.ttf'), join(fontDir, 'DejaVuSans-Bold.ttf')],
  };
}

let ready: Promise<Uint8Array[]> | undefined;
function renderer(): Promise<Uint8Array[]> {
  ready ??= (async () => {
    const assets = chartAssets();
    await initWasm(readFileSync(assets.wasm));
    return assets.fonts.map((f) => new Uint8Array(readFileSync(f)));
  })();
  return ready;
}

const shortDay = (d: string) => formatDay(d).replace(/ \d{4}$/, '');

/** Covered workers over the programme year against the target, as an SVG string. */
export function coverageChartSvg(report: PeriodicReport): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT },
    title: {
      text: `Pekerja terlindungi, program ${report.programmeYear}`,
      subtext: `sampai ${formatDay(report.to)} · target ${formatCount(report.target)} pekerja`,
      left: 16,
      top: 10,
      textStyle: { fontFamily: FONT, fontSize: 17, color: '#1f2937' },
      subtextStyle: { fontFamily: FONT, fontSize: 12, color: '#4b5563' },
    },
    grid: { left: 80, right: 90, top: 80, bottom: 50 },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: report.trend.map((t) => shortDay(t.until)),
      axisLabel: { fontFamily: FONT, color: '#374151', hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: Math.max(report.target, ...report.trend.map((t) => t.covered)),
      axisLabel: { fontFamily: FONT, color: '#374151', formatter: (v: number) => formatCount(v) },
      splitLine: { lineStyle: { color: '#e5e7eb' } },
    },
    series: [
      {
        name: 'Terlindungi',
        type: 'line',
        data: report.trend.map((t) => t.covered),
        // After looking at the first render: 48 weekly markers were clutter and the latest figure was unlabeled.
        showSymbol: false,
        endLabel: {
          show: true,
          formatter: (p: { value: number }) => formatCount(p.value),
          fontFamily: FONT,
          fontSize: 14,
          fontWeight: 'bold',
          color: '#047857',
        },
        lineStyle: { width: 3, color: '#047857' },
        itemStyle: { color: '#047857' },
        areaStyle: { color: 'rgba(4, 120, 87, 0.12)' },
        markLine: {
          symbol: 'none',
          data: [{ yAxis: report.target, name: 'Target' }],
          lineStyle: { color: '#b91c1c', type: 'dashed', width: 2 },
          label: {
            formatter: `Target ${formatCount(report.target)}`,
            position: 'insideEndTop',
            fontFamily: FONT,
            color: '#b91c1c',
          },
        },
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** The chart as PNG (twice the pixels, for sharp text on high-density screens). */
export async function coverageChartPng(report: PeriodicReport): Promise<Uint8Array> {
  const fontBuffers = await renderer();
  const resvg = new Resvg(coverageChartSvg(report), {
    font: { fontBuffers, defaultFontFamily: FONT, sansSerifFamily: FONT },
    fitTo: { mode: 'zoom', value: 2 },
    background: '#ffffff',
  });
  const image = resvg.render();
  const png = image.asPng();
  image.free();
  resvg.free();
  return png;
}
