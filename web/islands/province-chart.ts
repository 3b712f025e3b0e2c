/**
 * Draws the province view's units, lowest index first, against the 80%, 90%
 * and 95% lines. The data comes from a JSON block the page renders; the table
 * beside it holds the same figures for anyone without JavaScript.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js'

interface ChartData {
  label: string
  labels: string[]
  values: number[]
  lines: { value: number; label: string }[]
}

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend)

const LINE_COLOURS = ['#a4161a', '#8a5a00', '#1d6b2f']
const barColour = (v: number) => (v >= 95 ? '#1d6b2f' : v >= 90 ? '#5b8c3a' : v >= 80 ? '#c08a00' : '#a4161a')

const canvas = document.getElementById('province-chart') as HTMLCanvasElement | null
const source = document.getElementById('province-chart-data')
if (canvas && source) {
  const data = JSON.parse(source.textContent || '{}') as ChartData
  if (data.values.length) {
    const low = Math.min(70, ...data.values)
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          { type: 'bar', label: data.label, data: data.values, backgroundColor: data.values.map(barColour), order: 2 },
          ...data.lines.map((l, i) => ({
            type: 'line' as const,
            label: l.label,
            data: data.labels.map(() => l.value),
            borderColor: LINE_COLOURS[i % LINE_COLOURS.length],
            borderDash: [6, 4],
            borderWidth: 1.5,
            pointRadius: 0,
            order: 1,
          })),
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          // Unit names are too long for an axis: the tooltip and the table give them.
          x: { ticks: { display: false } },
          y: { min: Math.floor(low / 10) * 10, max: 100, ticks: { callback: (v) => `${v}%` } },
        },
      },
    })
  } else {
    canvas.hidden = true
  }
}
