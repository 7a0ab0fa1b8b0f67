import { useEffect, useRef } from 'react';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** A small line chart of one attribute's values by period (money shown in units of 10,000 yuan, named by `unit`). */
export function SeriesChart({ points, money, unit = '', height = 180 }: { points: { period: string; value: number }[]; money: boolean; unit?: string; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current);
    chart.setOption({
      grid: { left: 60, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map((p) => p.period) },
      yAxis: { type: 'value', name: unit },
      series: [{ type: 'line', data: points.map((p) => (money ? p.value / 1_000_000 : p.value)) }],
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [points, money, unit]);
  return <div ref={element} style={{ width: '100%', height }} />;
}
