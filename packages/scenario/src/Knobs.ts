/**
 * The names of a scenario's assumption knobs (what a sensitivity moves:
 * `pace.month 10`, `pause 寒潮`, …) as a person reads them, in Chinese and
 * English: `10月施工强度`, `pace in month 10`. The one place knob names are
 * translated, for the command line's tables and the HTML reports alike.
 */
import { Sectors } from "@groundbreak/domain"

export type Lang = "zh" | "en"

const unknownDistrict = "(unknown)"
const district = (name: string, lang: Lang) => name === unknownDistrict ? (lang === "zh" ? "未知" : name) : name

const patterns: ReadonlyArray<readonly [RegExp, (m: RegExpMatchArray, lang: Lang) => string]> = [
  [/^pace\.overall$/, (_, lang) => lang === "zh" ? "总体施工强度" : "overall pace"],
  [/^pace\.month (\d+)$/, (m, lang) => lang === "zh" ? `${m[1]}月施工强度` : `pace in month ${m[1]}`],
  [/^pace\.district (.+)$/, (m, lang) => lang === "zh" ? `${district(m[1]!, lang)}施工强度` : `pace in ${district(m[1]!, lang)}`],
  [/^pace\.sector (.+)$/, (m, lang) => lang === "zh" ? `${Sectors.label(m[1]!, lang)}施工强度` : `pace of ${Sectors.label(m[1]!, lang)}`],
  [/^startDelayShift.*$/, (_, lang) => lang === "zh" ? "开工推迟(月)" : "start delay shift (months)"],
  [/^cancellationProbability$/, (_, lang) => lang === "zh" ? "取消概率" : "cancellation probability"],
  [/^pause (.+)$/, (m, lang) => lang === "zh" ? `停工: ${m[1]}` : `pause: ${m[1]}`],
  [/^extra projects (.+)$/, (m, lang) => lang === "zh" ? `新增项目: ${m[1]}` : `extra projects: ${m[1]}`]
]

/** A knob (`pace.month 10`) as shown (`10月施工强度`); a name it does not know is shown as it is. */
export const label = (name: string, lang: Lang): string => {
  for (const [pattern, show] of patterns) {
    const m = name.match(pattern)
    if (m !== null) return show(m, lang)
  }
  return name
}

const values: Readonly<Record<string, { zh: string; en: string }>> = { none: { zh: "无", en: "none" } }

/** A knob's low or high setting as shown. */
export const valueLabel = (value: string, lang: Lang): string => values[value]?.[lang] ?? value
