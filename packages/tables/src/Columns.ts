/**
 * The columns of a monthly progress table (重点项目进展情况表): what each
 * one means, how it is labelled in Chinese and English when a table is
 * written, and the header spellings recognised when one is read. A city's
 * own spellings are added by a mapping file (`Mapping`).
 */

/** What a column holds. */
export type ColumnKind = "text" | "money" | "date" | "kind" | "percent" | "yesno" | "seq"

export interface Column {
  readonly field: Field
  readonly kind: ColumnKind
  readonly zh: string
  readonly en: string
  /** Header spellings recognised (compared after `normalizeHeader`), besides the labels. */
  readonly aliases: ReadonlyArray<string>
}

export const fields = [
  "seq",
  "projectId",
  "name",
  "owner",
  "district",
  "sector",
  "kind",
  "scope",
  "totalInvestment",
  "plannedInvestment",
  "plannedStart",
  "startedOn",
  "isStarted",
  "toppedOutOn",
  "commissionedOn",
  "suspendedOn",
  "isSuspended",
  "resumedOn",
  "cancelledOn",
  "sinceStart",
  "yearToDate",
  "thisMonth",
  "shareOfPlan",
  "progress",
  "problems",
  "responsible"
] as const
export type Field = typeof fields[number]

const column = (field: Field, kind: ColumnKind, zh: string, en: string, aliases: ReadonlyArray<string> = []): Column => ({
  field,
  kind,
  zh,
  en,
  aliases
})

/** Every column, in the order an exported table has them (`{M}` stands for the reporting month). */
export const columns: ReadonlyArray<Column> = [
  column("seq", "seq", "序号", "No.", ["编号序号", "no", "#"]),
  column("projectId", "text", "项目编号", "Project ID", ["项目代码", "项目编码", "编号", "id", "projectcode", "code"]),
  column("name", "text", "项目名称", "Project name", ["名称", "project", "name"]),
  column("owner", "text", "建设单位", "Owner", ["项目单位", "业主单位", "实施单位", "建设主体", "developer"]),
  column("district", "text", "所在县区", "County/district", [
    "县区", "所在县（区）", "县（区）", "县(市、区)", "县（市、区）", "所在地", "所属县区", "属地", "区县", "地区", "district", "county", "location"
  ]),
  column("sector", "text", "行业类别", "Sector", ["行业", "类别", "项目类别", "产业类别", "项目类型", "行业分类", "category", "industry"]),
  column("kind", "kind", "建设性质", "Kind", ["新建/续建", "新建续建", "项目性质", "性质", "kind", "new/continuing"]),
  column("scope", "text", "建设规模及内容", "Scope", ["建设内容", "建设规模", "主要建设内容", "建设内容及规模", "scope"]),
  column("totalInvestment", "money", "总投资", "Total investment", ["计划总投资", "项目总投资", "totalinvestment", "total"]),
  column("plannedInvestment", "money", "年度计划投资", "Annual plan", [
    "年度计划", "年计划投资", "本年计划投资", "年度投资计划", "计划投资", "annualplan", "plannedinvestment", "annualplannedinvestment"
  ]),
  column("plannedStart", "date", "计划开工时间", "Planned start", ["计划开工", "计划开工日期", "plannedstart"]),
  column("startedOn", "date", "实际开工时间", "Started on", ["开工时间", "实际开工日期", "开工日期", "startedon", "started", "startdate"]),
  column("isStarted", "yesno", "是否开工", "Started?", ["已开工", "是否已开工"]),
  column("toppedOutOn", "date", "主体封顶时间", "Topped out on", ["主体封顶", "封顶时间", "是否封顶", "toppedout", "toppedouton"]),
  column("commissionedOn", "date", "竣工投产时间", "Commissioned on", [
    "竣工投产", "竣工时间", "投产时间", "竣工（投产）时间", "是否竣工投产", "commissioned", "commissionedon"
  ]),
  column("suspendedOn", "date", "停工时间", "Suspended on", ["停工日期", "suspendedon", "suspended since"]),
  column("isSuspended", "yesno", "是否停工", "Suspended?", ["停复工情况", "是否停工停产", "suspended"]),
  column("resumedOn", "date", "复工时间", "Resumed on", ["复工日期", "resumedon"]),
  column("cancelledOn", "date", "取消时间", "Cancelled on", ["终止时间", "取消（终止）时间", "cancelled", "cancelledon"]),
  column("sinceStart", "money", "开工至今累计完成投资", "Completed since start", [
    "开工以来累计完成投资", "自开工累计完成投资", "开工累计完成投资", "completedsincestart"
  ]),
  column("yearToDate", "money", "1-{M}月累计完成投资", "Completed Jan–{M}", [
    "本年累计完成投资", "年度累计完成投资", "本年完成投资", "今年累计完成投资", "年初至今完成投资", "completedthisyear", "yeartodate", "ytd"
  ]),
  column("thisMonth", "money", "{M}月完成投资", "Completed in {M}", ["当月完成投资", "本月完成投资", "当月完成", "本月完成", "completedthismonth", "thismonth"]),
  column("shareOfPlan", "percent", "占年度计划%", "Share of annual plan", [
    "占年度计划", "完成年度计划", "完成年度计划比例", "占年度计划比例", "占年计划", "完成比例", "shareofplan", "shareofannualplan"
  ]),
  column("progress", "text", "形象进度", "Progress", ["项目进展情况", "进展情况", "工程形象进度", "progress"]),
  column("problems", "text", "存在问题", "Problems", ["存在的问题", "问题", "困难和问题", "problems", "issues"]),
  column("responsible", "text", "责任单位/包挂领导", "Responsible", ["责任单位", "包挂领导", "牵头单位", "责任人", "responsible"])
]

export const byField: ReadonlyMap<Field, Column> = new Map(columns.map((c) => [c.field, c]))

/** The label of a column for the reporting month `month` (1–12). */
export const label = (c: Column, lang: "zh" | "en", month: number): string => {
  const months = lang === "zh" ? String(month) : ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]!
  return (lang === "zh" ? c.zh : c.en).replaceAll("{M}", months)
}

/**
 * A header made comparable: full-width forms folded to half-width, spaces,
 * line breaks, brackets' contents naming a unit and a trailing `%` or `(%)`
 * removed, lower case.
 */
export const normalizeHeader = (text: string): string =>
  text
    .normalize("NFKC")
    .replace(/[（(][^）)]*(万元|亿元|元|%|％|个|yuan)[^）)]*[）)]/gi, "")
    .replace(/单位[:：]?\s*(万元|亿元)/g, "")
    .replace(/[\s\u3000_]+/g, "")
    .replace(/[%％]$/g, "")
    .toLowerCase()

/** Headers that name the year-to-date investment with the month range written out: 1-8月累计完成投资, 1～8月完成投资. */
const yearToDatePattern = /^(\d{1,2}|一)[-~～—至到](\d{1,2})月(份)?(累计)?完成(投资)?(额)?$/
const thisMonthPattern = /^(\d{1,2})月(份)?完成(投资)?(额)?$/

/** The field a header names by the built-in spellings, or undefined. */
export const defaultFieldOf = (header: string): Field | undefined => {
  const h = normalizeHeader(header)
  if (h.length === 0) return undefined
  for (const c of columns) {
    if (c.field === "yearToDate" || c.field === "thisMonth") continue
    if (normalizeHeader(c.zh) === h || normalizeHeader(c.en) === h || c.aliases.some((a) => normalizeHeader(a) === h)) return c.field
  }
  if (yearToDatePattern.test(h)) return "yearToDate"
  if (thisMonthPattern.test(h)) return "thisMonth"
  for (const field of ["yearToDate", "thisMonth"] as const) {
    const c = byField.get(field)!
    if (c.aliases.some((a) => normalizeHeader(a) === h) || h.startsWith("completedjan") || h.startsWith(`completedin`)) {
      return h.startsWith("completedjan") ? "yearToDate" : h.startsWith("completedin") ? "thisMonth" : field
    }
  }
  return undefined
}

/** The money unit a header names (`总投资（亿元）`), if any. */
export const unitInHeader = (header: string): "万元" | "亿元" | undefined => {
  const h = header.normalize("NFKC")
  if (/亿元|100m yuan|hundred million yuan/i.test(h)) return "亿元"
  if (/万元|10k yuan|ten thousand yuan/i.test(h)) return "万元"
  return undefined
}
