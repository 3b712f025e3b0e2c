/**
 * The dashboard's charts, drawn over tables that already carry every figure.
 * Reads its data from <script type="application/json"> blocks named by each
 * canvas's data-source; no strings live here. Only the chart.js parts used
 * are imported, so the bundle stays small.
 */
import { BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset } from 'chart.js'
import type { DistData } from '../pages/dashboard/distribution.tsx'
import type { TrendData } from '../pages/dashboard/trend.tsx'

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Filler, Legend, Tooltip)
Chart.defaults.animation = false
Chart.defaults.maintainAspectRatio = false

const BRAND = '#0b4f8a'
const TARGET = '#a4161a'
const BAND = 'rgba(11, 79, 138, 0.18)'
/** Shades outwards from the line between satisfied and not. */
const SAT = ['#8cc084', '#3f8f3a', '#1d6b2f', '#124a20']
const UNSAT = ['#f0a38c', '#d9603f', '#a4161a', '#6e0e11']

function read<T>(canvas: HTMLCanvasElement): T | null {
  const el = document.getElementById(canvas.dataset.source ?? '')
  try {
    return el ? (JSON.parse(el.textContent ?? '') as T) : null
  } catch {
    return null
  }
}

const percent = (v: number | string) => `${Math.abs(Number(v))}%`

function trend(canvas: HTMLCanvasElement, d: TrendData): void {
  const line = { spanGaps: false, pointRadius: 2, borderWidth: 2 }
  new Chart(canvas, {
    type: 'line',
    data: {
      labels: d.labels,
      datasets: [
        // The band: the high bound filled down to the low bound (the next dataset).
        { label: d.names.high, data: d.high, borderWidth: 0, pointRadius: 0, backgroundColor: BAND, fill: '+1' },
        { label: d.names.low, data: d.low, borderWidth: 0, pointRadius: 0, backgroundColor: BAND, fill: false },
        { ...line, label: d.names.index, data: d.index, borderColor: BRAND, backgroundColor: BRAND },
        { ...line, label: d.names.target, data: d.target, borderColor: TARGET, backgroundColor: TARGET, borderDash: [6, 4], pointRadius: 0, stepped: 'middle' },
      ],
    },
    options: {
      scales: { y: { suggestedMin: 60, suggestedMax: 100, ticks: { callback: percent } } },
      plugins: { legend: { labels: { filter: (item) => item.datasetIndex !== 1 } } },
    },
  })
}

function dist(canvas: HTMLCanvasElement, d: DistData): void {
  // A bar per item needs room: the box grows with the items (CSSOM, which the CSP allows, unlike style attributes).
  canvas.parentElement!.style.height = `${Math.max(12, 4 + d.labels.length * 1.8)}rem`
  const datasets: ChartDataset<'bar', number[]>[] = d.series.map((s) => ({
    label: s.label,
    data: s.values,
    backgroundColor: (s.kind === 'sat' ? SAT : UNSAT)[Math.min(s.rank, 3)],
    stack: 'answers',
  }))
  new Chart(canvas, {
    type: 'bar',
    data: { labels: d.labels.map((l) => (l.length > 48 ? `${l.slice(0, 47)}…` : l)), datasets },
    options: {
      indexAxis: 'y',
      scales: { x: { stacked: true, min: -100, max: 100, title: { display: true, text: d.axis }, ticks: { callback: percent } }, y: { stacked: true } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${Math.abs(Number(c.raw))}%` } } },
    },
  })
}

// Chart boxes stay hidden until there is a script to draw in them.
document.documentElement.classList.add('charts-on')
for (const canvas of document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')) {
  const kind = canvas.dataset.chart
  if (kind === 'trend') {
    const d = read<TrendData>(canvas)
    if (d) trend(canvas, d)
  } else if (kind === 'dist') {
    const d = read<DistData>(canvas)
    if (d) dist(canvas, d)
  }
}
