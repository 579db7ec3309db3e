import type { BarSeriesOption, GaugeSeriesOption } from 'echarts/charts';
import { BarChart, GaugeChart } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { ComposeOption, EChartsType } from 'echarts/core';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';

// Only the parts the pages draw: the bundle stays small (bench: `npm run bench -- dashboard`).
use([BarChart, GaugeChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | GaugeSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** An ECharts chart; `label` describes it for screen readers (the numbers are also in a table or text). */
export function Chart(props: { option: ChartOption; label: string; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  useEffect(() => {
    if (!el.current) return;
    chart.current = init(el.current, undefined, { renderer: 'svg' });
    const resize = () => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(props.option, true);
  }, [props.option]);
  return html`<div class="chart" role="img" aria-label=${props.label} ref=${el}
    style=${{ height: `${props.height ?? 260}px` }}></div>`;
}

export function gaugeOption(value: number, max: number, title: string): ChartOption {
  const pct = max > 0 ? Math.round((value / max) * 1000) / 10 : 0;
  return {
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        progress: { show: true, width: 16 },
        axisLine: { lineStyle: { width: 16 } },
        axisTick: { show: false },
        splitLine: { length: 8 },
        axisLabel: { distance: 22, fontSize: 11 },
        pointer: { show: false },
        detail: { valueAnimation: false, formatter: '{value}%', fontSize: 26, offsetCenter: [0, '10%'] },
        title: { offsetCenter: [0, '45%'], fontSize: 13 },
        data: [{ value: pct, name: title }],
      },
    ],
  };
}
