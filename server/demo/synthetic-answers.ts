/**
 * Plausible answers to any survey definition: a respondent's mood shifts all
 * their answers together (so intervals have real clustering to handle), the
 * unit's quality sets the level, and unsatisfied respondents write the
 * comments.
 */
import type { Answers, Item, SurveyDefinition } from '../domain/survey-types.ts'
import { normal, pick, type Rng } from './random.ts'

const logit = (p: number) => Math.log(p / (1 - p))
const logistic = (x: number) => 1 / (1 + Math.exp(-x))

export const COMMENTS = {
  good: [
    'Cán bộ hướng dẫn tận tình, chu đáo.',
    'Thủ tục nhanh gọn, trả kết quả đúng hẹn.',
    'Nơi làm việc sạch sẽ, có chỗ ngồi chờ.',
    'Rất hài lòng, cảm ơn các anh chị.',
    'Được giải thích rõ ràng, dễ hiểu.',
  ],
  bad: [
    'Phải chờ quá lâu, nên thêm quầy vào buổi sáng.',
    'Hướng dẫn hồ sơ chưa rõ, phải đi lại hai lần.',
    'Nhà vệ sinh chưa sạch.',
    'Thái độ của cán bộ chưa niềm nở.',
    'Trả kết quả trễ hẹn mà không báo trước.',
    'Chỗ để xe chật, thiếu ghế ngồi chờ.',
  ],
}

function ratedAnswer(item: Item & { satisfied: number[] }, pSat: number, rng: Rng): number {
  const counted = item.options!.map((o) => o.value).filter((v) => !item.excluded?.includes(v))
  const good = counted.filter((v) => item.satisfied.includes(v)).sort((a, b) => b - a)
  const bad = counted.filter((v) => !item.satisfied.includes(v)).sort((a, b) => b - a)
  if (rng() < pSat) return rng() < 0.45 || good.length === 1 ? good[0]! : good[1]!
  const r = rng()
  return bad[r < 0.6 ? 0 : r < 0.9 ? Math.min(1, bad.length - 1) : bad.length - 1]!
}

export function syntheticAnswers(def: SurveyDefinition, quality: number, rng: Rng): { answers: Answers; comment: string | null } {
  const mood = normal(rng) * 0.9
  const base = logit(quality) + mood
  const answers: Answers = {}
  let unhappy = 0
  let rated = 0
  for (const section of def.sections) {
    const sectionEffect = normal(rng) * 0.25
    for (const item of section.items) {
      if (item.showIf) {
        const on = answers[item.showIf.item]
        if (typeof on !== 'number' || !item.showIf.in.includes(on)) continue
        answers[item.code] = pick(rng, item.options!).value
        continue
      }
      if (item.satisfied) {
        if (item.excluded?.length && rng() < 0.04) {
          answers[item.code] = item.excluded[0]!
          continue
        }
        const v = ratedAnswer(item as Item & { satisfied: number[] }, logistic(base + sectionEffect + normal(rng) * 0.4), rng)
        answers[item.code] = v
        rated++
        if (!item.satisfied.includes(v)) unhappy++
      } else if (item.type === 'number') {
        answers[item.code] = Math.max(item.min ?? 0, Math.min(item.max ?? 100, Math.round(logistic(base) * 100 + normal(rng) * 8)))
      } else if (item.options) {
        // Would-return style questions follow the mood; others are drawn evenly.
        const values = item.options.map((o) => o.value)
        answers[item.code] = values.length >= 5 && rng() < 0.9 ? values[Math.min(values.length - 2, Math.max(0, Math.round(logistic(base) * (values.length - 2) + normal(rng))))]! : pick(rng, values)
      }
    }
  }
  const share = rated ? unhappy / rated : 0
  const comment = rng() < 0.04 + share * 0.5 ? pick(rng, share > 0.2 ? COMMENTS.bad : COMMENTS.good) : null
  return { answers, comment }
}
