/**
 * Charts drawn on the server as SVG: no script, nothing for the CSP to
 * refuse (presentation attributes only, never style=""), and they print as
 * sharp as the text. Values are fractions 0–1; a missing one (suppressed or
 * empty) leaves a gap. The tables next to them carry the same figures.
 */

const W = 640
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`
/** Coordinates to a tenth of a unit: the same drawing, shorter markup. */
const r1 = (v: number) => Math.round(v * 10) / 10
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s)

/** The lower end of the value axis: a round tenth under every value, at most 80%, at least 0. */
function axisFloor(values: number[]): number {
  const min = Math.min(0.8, ...values)
  return Math.max(0, Math.floor((min - 0.02) * 10) / 10)
}

export interface Bar {
  label: string
  value: number | null
}

/** Horizontal bars, one per unit, with dashed lines at the given levels (80, 90, 95%). */
export function BarChart(props: { title: string; bars: Bar[]; lines: number[]; lineLabel: (v: string) => string; missing: string }) {
  const rowH = 18
  const left = 262
  const right = 56
  const top = 22
  const h = top + props.bars.length * rowH + 24
  const lo = axisFloor(props.bars.flatMap((b) => (b.value === null ? [] : [b.value])))
  const x = (v: number) => r1(left + ((v - lo) / (1 - lo)) * (W - left - right))
  return (
    <svg class="chart-svg" viewBox={`0 0 ${W} ${h}`} width={W} height={h} role="img" aria-label={props.title} xmlns="http://www.w3.org/2000/svg">
      <title>{props.title}</title>
      <line x1={x(lo)} y1={top - 4} x2={x(lo)} y2={h - 20} stroke="#505050" stroke-width="1" />
      {props.bars.map((b, i) => {
        const y = top + i * rowH
        return (
          <g>
            <text x={left - 6} y={y + 12} font-size="11" text-anchor="end" fill="#1b1b1b">{clip(b.label, 42)}</text>
            {b.value === null ? (
              <text x={x(lo) + 4} y={y + 12} font-size="10" fill="#505050">{props.missing}</text>
            ) : (
              <>
                <rect x={x(lo)} y={y + 2} width={Math.max(1, r1(x(b.value) - x(lo)))} height={rowH - 5} fill={b.value >= 0.8 ? '#0b4f8a' : '#a4161a'} />
                <text x={x(b.value) + 4} y={y + 12} font-size="10" fill="#1b1b1b">{pct(b.value)}</text>
              </>
            )}
          </g>
        )
      })}
      {props.lines.map((v) => (
        <g>
          <line x1={x(v)} y1={top - 6} x2={x(v)} y2={h - 20} stroke="#8a5a00" stroke-width="1" stroke-dasharray="4 3" />
          <text x={x(v)} y={top - 9} font-size="10" text-anchor="middle" fill="#8a5a00">{props.lineLabel(pct(v))}</text>
        </g>
      ))}
      <text x={x(lo)} y={h - 6} font-size="10" text-anchor="middle" fill="#505050">{pct(lo)}</text>
      <text x={x(1)} y={h - 6} font-size="10" text-anchor="middle" fill="#505050">100%</text>
    </svg>
  )
}

export interface TrendPoint {
  label: string
  value: number | null
  ci: [number, number] | null
  target: number | null
}

/** The index over time as points joined by a line, the interval as a whisker, the target as a dashed step. */
export function TrendChart(props: { title: string; points: TrendPoint[]; targetLabel: string }) {
  const h = 240
  const left = 44
  const right = 16
  const top = 16
  const bottom = 44
  const pts = props.points
  const values = pts.flatMap((p) => [p.value, p.ci?.[0] ?? null, p.target].filter((v): v is number => v !== null))
  const lo = axisFloor(values)
  const step = (W - left - right) / Math.max(1, pts.length)
  const cx = (i: number) => r1(left + step * (i + 0.5))
  const y = (v: number) => r1(top + ((1 - v) / (1 - lo)) * (h - top - bottom))
  const ticks = [lo, (lo + 1) / 2, 1]
  const segments: string[] = []
  let run: string[] = []
  pts.forEach((p, i) => {
    if (p.value === null) {
      if (run.length) segments.push(run.join(' '))
      run = []
    } else run.push(`${cx(i).toFixed(1)},${y(p.value).toFixed(1)}`)
  })
  if (run.length) segments.push(run.join(' '))
  return (
    <svg class="chart-svg" viewBox={`0 0 ${W} ${h}`} width={W} height={h} role="img" aria-label={props.title} xmlns="http://www.w3.org/2000/svg">
      <title>{props.title}</title>
      {ticks.map((v) => (
        <g>
          <line x1={left} y1={y(v)} x2={W - right} y2={y(v)} stroke="#c8ccd2" stroke-width="1" />
          <text x={left - 4} y={y(v) + 4} font-size="10" text-anchor="end" fill="#505050">{pct(v)}</text>
        </g>
      ))}
      {pts.map((p, i) =>
        p.target === null ? null : <line x1={r1(cx(i) - step / 2)} y1={y(p.target)} x2={r1(cx(i) + step / 2)} y2={y(p.target)} stroke="#8a5a00" stroke-width="1.5" stroke-dasharray="5 3" />,
      )}
      {segments.map((s) => (s.includes(' ') ? <polyline points={s} fill="none" stroke="#0b4f8a" stroke-width="2" /> : null))}
      {pts.map((p, i) => (
        <g>
          {p.ci ? <line x1={cx(i)} y1={y(p.ci[0])} x2={cx(i)} y2={y(p.ci[1])} stroke="#0b4f8a" stroke-width="1" /> : null}
          {p.value === null ? null : <circle cx={cx(i)} cy={y(p.value)} r="3.5" fill="#0b4f8a" />}
          <text x={cx(i)} y={h - bottom + 16} font-size="10" text-anchor="middle" fill="#1b1b1b">{clip(p.label, Math.max(4, Math.floor(step / 6)))}</text>
        </g>
      ))}
      <line x1={left} y1={h - 12} x2={left + 24} y2={h - 12} stroke="#8a5a00" stroke-width="1.5" stroke-dasharray="5 3" />
      <text x={left + 30} y={h - 8} font-size="10" fill="#505050">{props.targetLabel}</text>
    </svg>
  )
}
