/** Monthly rate lines (0–100 %) for one or more series, with an optional volume bar (ECharts, only the parts used). */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface TrendSeries {
  name: string;
  /** Percent values per month (null = nothing to measure that month: a gap, not a zero). */
  values: Array<number | null>;
}

export function TrendChart({ months, series, bars, height = 300, testId }: { months: string[]; series: TrendSeries[]; bars?: { name: string; values: number[]; format?: (v: number) => string }; height?: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(el.current!);
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'number' ? String(v) : String(v)) },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: bars ? 72 : 24, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: months },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        ...(bars ? [{ type: 'value', min: 0, position: 'right', splitLine: { show: false }, axisLabel: { formatter: bars.format ?? ((v: number) => String(v)) } }] : []),
      ],
      series: [
        ...(bars ? [{ name: bars.name, type: 'bar', yAxisIndex: 1, data: bars.values, itemStyle: { color: '#d6e4ff' }, tooltip: { valueFormatter: (v: number) => (bars.format ? bars.format(v) : String(v)) } }] : []),
        ...series.map((s) => ({ name: s.name, type: 'line', data: s.values, connectNulls: false, symbolSize: 6, tooltip: { valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${v}%`) } })),
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [months, series, bars]);
  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
