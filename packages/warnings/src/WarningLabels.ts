/**
 * The words of the warnings and the rankings, in Chinese and English,
 * declared once for every place that shows them: the command line's tables
 * (`warnings`, `ranking`) and the dispatch brief's HTML. A place adds the
 * words only it uses; the words both use are these.
 */
export const words = {
  red: { zh: "红灯", en: "Red" },
  yellow: { zh: "黄灯", en: "Yellow" },
  green: { zh: "绿灯", en: "Green" },
  pace: { zh: "序时进度", en: "Pace" },
  rules: { zh: "预警规则", en: "Rules" },
  project: { zh: "项目", en: "Project" },
  planDone: { zh: "完成年度计划", en: "Plan done" },
  reasons: { zh: "原因", en: "Reasons" },
  newRed: { zh: "新亮红灯", en: "New reds" },
  recovered: { zh: "红灯转出", en: "Recovered" },
  stillRed: { zh: "持续红灯(两个月及以上)", en: "Still red (two months or more)" },
  noPrevious: { zh: "本年度无上月调度会可比", en: "No earlier meeting this year to compare with" },
  likely: { zh: "可能完不成的项目(模拟, 尚未亮红灯)", en: "Likely to miss (simulation; not red yet)" },
  riskOf: { zh: "风险", en: "Risk of" },
  notStarting: { zh: "年内不开工", en: "not starting this year" },
  missingPlan: { zh: "完不成年度计划", en: "missing the annual plan" },
  planWan: { zh: "年度计划(万元)", en: "Plan (10k yuan)" },
  yearEndRange: { zh: "年末完成 P10–P90(万元)", en: "Year-end P10–P90 (10k yuan)" },
  rank: { zh: "排名", en: "Rank" },
  none: { zh: "无", en: "None" }
} as const

/** What a project likely to miss is at risk of (`LikelyToMiss`'s `missing`), as shown after "Risk of". */
export const missing = { start: words.notStarting, plan: words.missingPlan } as const
