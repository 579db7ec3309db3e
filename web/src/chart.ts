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

/** A half-ring gauge of percent covered: no ticks or scale labels (they crowded the number), the number large. */
export function gaugeOption(value: number, max: number, title: string): ChartOption {
  const pct = max > 0 ? Math.round((value / max) * 1000) / 10 : 0;
  return {
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        startAngle: 180,
        endAngle: 0,
        radius: '100%',
        center: ['50%', '75%'],
        progress: { show: true, width: 22, itemStyle: { color: '#0b5c4a' } },
        axisLine: { lineStyle: { width: 22, color: [[1, '#e3e8ec']] } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        anchor: { show: false },
        detail: {
          valueAnimation: false,
          formatter: (v: number) => `${v.toLocaleString('id-ID')}%`,
          fontSize: 30,
          fontWeight: 'bold',
          color: '#1c2733',
          offsetCenter: [0, '-15%'],
        },
        title: { offsetCenter: [0, '12%'], fontSize: 14, color: '#4f5d6b' },
        data: [{ value: pct, name: title }],
      },
    ],
  };
}
