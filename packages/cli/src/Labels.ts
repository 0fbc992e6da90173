/**
 * Labels in the two languages Groundbreak speaks: Chinese, as the bureaus
 * write, and English.
 */
export type Lang = "zh" | "en"

const labels = {
  projects: { zh: "重点项目数", en: "Key projects" },
  newProjects: { zh: "新建项目数", en: "New projects" },
  newStarted: { zh: "新建已开工", en: "New projects started" },
  startRate: { zh: "开工率", en: "Start rate" },
  continuingProjects: { zh: "续建项目数", en: "Continuing projects" },
  continuingActive: { zh: "续建在建(已复工)", en: "Continuing, active" },
  startResumeRate: { zh: "开复工率", en: "Start-and-resume rate" },
  plannedInvestment: { zh: "年度计划投资(亿元)", en: "Annual planned investment (100M yuan)" },
  completedInvestment: { zh: "完成投资(亿元)", en: "Completed investment (100M yuan)" },
  completionRate: { zh: "完成年度计划", en: "Share of annual plan completed" },
  commissioned: { zh: "竣工投产", en: "Commissioned" },
  toppedOut: { zh: "封顶", en: "Topped out" },
  total: { zh: "合计", en: "Total" },
  indicator: { zh: "指标", en: "Indicator" },
  value: { zh: "数值", en: "Value" },
  district: { zh: "区县", en: "District" },
  sector: { zh: "行业", en: "Sector" },
  kind: { zh: "类别", en: "Kind" },
  new: { zh: "新建", en: "new" },
  continuing: { zh: "续建", en: "continuing" },
  asOf: { zh: "统计截至", en: "As of" },
  knownAt: { zh: "数据口径(已知时点)", en: "As known at" },
  year: { zh: "年度", en: "Year" }
} as const

export type LabelKey = keyof typeof labels

export const label = (key: LabelKey, lang: Lang): string => labels[key][lang]
