/**
 * GET /public/units/:id: one unit's published periods for each instrument:
 * the trend as an SVG chart and a table (index, n, interval, target,
 * verdict), then the units below it for one period. Hidden figures say why.
 */
import type { PublicFigure, PublicUnit } from '../../../server/results/public-figures.ts'
import type { Translate } from '../../i18n/messages.ts'
import { TrendChart } from '../report/svg-charts.tsx'
import { FigureCells, FigureHead } from './figure-cells.tsx'
import { PublicLayout } from './public-layout.tsx'

export interface PublicUnitSurvey {
  id: string
  title: string
  /** The unit's own figure per published period, oldest first. */
  periods: { key: string; label: string; fig: PublicFigure }[]
}

export interface PublicUnitProps {
  t: Translate
  lang: string
  unit: PublicUnit
  parent: PublicUnit | null
  surveys: PublicUnitSurvey[]
  /** The period whose units below are listed, with its label and the other published periods to choose from. */
  period: { key: string; label: string } | null
  periodChoices: { key: string; label: string }[]
  children: { unit: PublicUnit; survey: string; fig: PublicFigure }[]
  suppressBelow: number
}

export function PublicUnitPage(p: PublicUnitProps) {
  const { t, lang } = p
  const here = (over: Record<string, string>) => `/public/units/${p.unit.id}?${new URLSearchParams({ ...(p.period ? { period: p.period.key } : {}), lang, ...over })}`
  return (
    <PublicLayout t={t} lang={lang} title={p.unit.name} href={(l) => here({ lang: l })}>
      <nav class="crumbs" aria-label={t('public.crumbs')}>
        <a href={`/public?lang=${lang}`}>{t('public.index.title')}</a>
        {p.parent ? (
          <>
            {' › '}
            <a href={`/public/units/${p.parent.id}?lang=${lang}`}>{p.parent.name}</a>
          </>
        ) : null}
      </nav>
      <h1>{p.unit.name}</h1>
      <p class="hint">{t('public.suppression_note', { n: p.suppressBelow })}</p>

      {p.surveys.map((s) => (
        <section aria-labelledby={`s-${s.id}`} data-survey={s.id}>
          <h2 id={`s-${s.id}`}>{s.title}</h2>
          <figure>
            <TrendChart
              title={t('public.trend', { survey: s.title })}
              targetLabel={t('public.col.target')}
              points={s.periods.map((x) => ({ label: x.key, value: x.fig.index, ci: x.fig.ci, target: x.fig.target }))}
            />
            <figcaption class="hint">{t('public.trend_caption')}</figcaption>
          </figure>
          <table class="figures">
            <thead>
              <FigureHead t={t} first={t('public.col.period')} />
            </thead>
            <tbody>
              {[...s.periods].reverse().map((x) => (
                <tr data-period={x.key}>
                  <th scope="row">
                    <a href={here({ period: x.key })}>{x.label}</a>
                  </th>
                  <FigureCells t={t} fig={x.fig} />
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}

      {p.period && p.children.length ? (
        <section aria-labelledby="below">
          <h2 id="below">{t('public.below', { period: p.period.label })}</h2>
          {p.periodChoices.length > 1 ? (
            <p class="choices">
              {p.periodChoices.map((c) => (c.key === p.period!.key ? <strong>{c.label}</strong> : <a href={here({ period: c.key })}>{c.label}</a>))}
            </p>
          ) : null}
          <table class="figures">
            <thead>
              <FigureHead t={t} first={t('public.col.unit')} />
            </thead>
            <tbody>
              {p.children.map((c) => (
                <tr data-unit={String(c.unit.id)} data-survey={c.survey}>
                  <th scope="row">
                    <a href={`/public/units/${c.unit.id}?${new URLSearchParams({ period: p.period!.key, lang })}`}>{c.unit.name}</a>
                    {p.surveys.length > 1 ? <span class="hint"> — {p.surveys.find((s) => s.id === c.survey)?.title ?? c.survey}</span> : null}
                  </th>
                  <FigureCells t={t} fig={c.fig} />
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </PublicLayout>
  )
}
