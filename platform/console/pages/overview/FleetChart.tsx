// The overview's chart: kiosk liveness per region as stacked bars (Apache ECharts, only the
// parts used: bar chart, grid, tooltip, legend, aria, canvas). Loaded on demand, so the console's
// first page does not carry it. Each status has a pattern as well as a colour (aria decals), and
// ECharts writes a text description of the data for screen readers; the table below repeats it.
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FleetOverview } from '../../../api/fleet';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

const COLORS = { online: '#2e7d32', degraded: '#b26a00', offline: '#c62828', never: '#757575' } as const;
const ORDER = ['online', 'degraded', 'offline', 'never'] as const;

export default function FleetChart({ rows }: { readonly rows: FleetOverview['byRegion'] }) {
  const { t, i18n } = useTranslation('overview');
  const element = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!element.current) return undefined;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas', locale: i18n.language === 'en' ? 'EN' : 'ZH' });
    const categories = rows.map((r) => r.regionCode ?? t('notTagged', { ns: 'common' }));
    chart.setOption({
      aria: { enabled: true, decal: { show: true }, label: { description: t('chartLabel') } },
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', minInterval: 1 },
      series: ORDER.map((status) => ({ name: t(`status.${status}`, { ns: 'common' }), type: 'bar', stack: 'kiosks', itemStyle: { color: COLORS[status] }, data: rows.map((r) => r.counts[status]) })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [rows, t, i18n.language]);

  return <div ref={element} className="chart" role="img" aria-label={t('chartLabel')} data-testid="fleet-chart" />;
}
