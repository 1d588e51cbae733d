/** Per-month compliance, callback rate and satisfaction with the volume as bars (ECharts, only the parts used). */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { pct100, type KpiMonth } from './kpiApi.ts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface KpiLabels {
  response: string;
  onSite: string;
  callback: string;
  satisfaction: string;
  volume: string;
}

export function KpiChart({ months, labels, onPick }: { months: KpiMonth[]; labels: KpiLabels; onPick: (month: string) => void }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(el.current!);
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: months.map((m) => m.month) },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', min: 0, minInterval: 1, position: 'right', splitLine: { show: false } },
      ],
      series: [
        { name: labels.volume, type: 'bar', yAxisIndex: 1, data: months.map((m) => m.total), itemStyle: { color: '#d6e4ff' } },
        { name: labels.response, type: 'line', connectNulls: true, data: months.map((m) => pct100(m.responseCompliance.rate)) },
        { name: labels.onSite, type: 'line', connectNulls: true, data: months.map((m) => pct100(m.onSiteCompliance.rate)) },
        { name: labels.callback, type: 'line', connectNulls: true, data: months.map((m) => pct100(m.callbackRate)) },
        { name: labels.satisfaction, type: 'line', connectNulls: true, data: months.map((m) => (m.satisfaction === null ? null : Math.round(m.satisfaction * 20))) },
      ],
    });
    chart.on('click', (p) => onPick(String(p.name)));
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [months, labels, onPick]);
  return <div ref={el} style={{ width: '100%', height: 320 }} data-testid="kpi-chart" />;
}
