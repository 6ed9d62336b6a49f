import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** A small uPlot bar chart: one or two series over labelled buckets. */
export function BarChart(props: {
  title: string;
  labels: string[];
  series: Array<{ label: string; values: number[]; color: string }>;
}) {
  const el = useRef<HTMLDivElement>(null);
  const key = JSON.stringify([props.labels, props.series.map((s) => s.values)]);
  useEffect(() => {
    if (!el.current) return;
    const bars = uPlot.paths.bars!({ size: [0.7, 40], align: props.series.length > 1 ? -1 : 0 });
    const plot = new uPlot(
      {
        title: props.title,
        width: 360,
        height: 170,
        legend: { show: props.series.length > 1 },
        scales: {
          x: { time: false, range: [-0.5, props.labels.length - 0.5] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
        },
        axes: [
          {
            values: (_u, ticks) => ticks.map((i) => props.labels[i] ?? ''),
            splits: () => props.labels.map((_, i) => i),
          },
          {},
        ],
        series: [
          {},
          ...props.series.map((s) => ({
            label: s.label,
            fill: s.color,
            stroke: s.color,
            paths: bars,
            points: { show: false },
          })),
        ],
      },
      [props.labels.map((_, i) => i), ...props.series.map((s) => s.values)],
      el.current,
    );
    return () => plot.destroy();
  }, [key, props.title]);
  return html`<div class="chart" ref=${el}></div>`;
}
