/** The exported table: what an office hands in, and nothing a spreadsheet would run. */
import ExcelJS from "exceljs"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Calendar, CompactEvent, type ProjectEvent, ProjectFacts, SafeText } from "@groundbreak/domain"
import { TableExport, TableModel, TableReading, Workbook } from "../src/index.ts"

let position = 0
const ev = (projectId: string, type: ProjectEvent.EventType, occurredOn: string, data: object = {}): ProjectEvent.ProjectEvent =>
  ({ eventId: `e${++position}`, projectId, type, occurredOn, knownAt: `${occurredOn}T12:00:00+08:00`, data }) as ProjectEvent.ProjectEvent

const facts = (() => {
  const p = new ProjectFacts.Portfolio()
  const events = [
    ev("A", "ProjectSigned", "2022-11-01", { name: "x", district: "海州区", sector: "industrial", totalInvestment: 10_000 }),
    ev("A", "AnnualPlanSet", "2023-01-10", { year: 2023, kind: "new", plannedInvestment: 2000, plannedStart: "2023-03" }),
    ev("A", "ProjectStarted", "2023-03-05"),
    ev("A", "InvestmentReported", "2023-03-31", { period: "2023-03", amount: 300 }),
    ev("B", "ProjectSigned", "2021-11-01", { name: "x", district: "连云区", sector: "social", totalInvestment: 8000 }),
    ev("B", "AnnualPlanSet", "2023-01-10", { year: 2023, kind: "continuing", plannedInvestment: 1000 }),
    ev("B", "ProjectStarted", "2022-03-05"),
    ev("B", "ProjectSuspended", "2023-02-10", { reason: "资金" })
  ]
  for (const e of events) p.add(CompactEvent.compact(e, ++position))
  return [...p.projects.values()]
})()
const names = new Map([["A", "=HYPERLINK(\"http://x\")"], ["B", "@SUM(1)"]])
const model = TableModel.build(facts, names, 2023, Calendar.parseDate("2023-03-31")!, Calendar.parseKnowledgeCut("2023-04-07")!)

describe("the exported table", () => {
  it("of one district holds that district's projects, subtotals and indicators alone", () => {
    const own = TableModel.build(facts, names, 2023, Calendar.parseDate("2023-03-31")!, Calendar.parseKnowledgeCut("2023-04-07")!, "连云区")
    expect(own.counties.map((c) => [c.subtotal.label.zh, c.rows.map((r) => r.projectId)])).toEqual([["连云区小计", ["B"]]])
    expect([own.kpis.projects, own.kpis.continuingActive, own.total.plannedInvestment]).toEqual([1, 0, 1000])
  })

  it("neutralises text a spreadsheet would run, and reads it back as written", async () => {
    expect(["=1", "+1", "-1", "@x", "a=1"].map(SafeText.forSpreadsheet)).toEqual(["'=1", "'+1", "'-1", "'@x", "a=1"])
    const csv = TableExport.toCsv(model, "zh")
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`)
    expect(csv).toContain("'@SUM(1)")
    const read = TableReading.read(await Effect.runPromise(Workbook.fromBytes("t.csv", new TextEncoder().encode(csv))), 202303, {})
    expect("table" in read && read.table.rows.map((r) => r.values.name)).toEqual(["=HYPERLINK(\"http://x\")", "@SUM(1)"])
  })

  it("has the title, the unit row, frozen header rows, an A4 landscape print setup and the indicators at the foot", async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await TableExport.toXlsx(model, "zh")) as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.getCell("A1").value).toBe("2023年1-3月重点项目进展情况表")
    expect(ws.getCell("R3").value).toBe("单位：万元")
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 3, ySplit: 5 })
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToWidth: 1, fitToHeight: 0, printTitlesRow: "4:5" })
    expect(ws.getCell("P4").value).toBe("完成投资")
    expect(ws.getCell("Q5").value).toBe("1-3月累计")
    const texts = ws.getColumn(1).values.concat(ws.getColumn(2).values).map(String)
    expect(texts).toContain("主要指标")
    expect(texts.some((t) => t.includes("新建项目已开工 1 个，开工率 100.0%"))).toBe(true)
    // Rows: 合计, new and continuing subtotals, then each county's subtotal and its projects.
    expect([6, 7, 8, 9, 10, 11, 12].map((r) => ws.getCell(r, 3).value)).toEqual([
      "合计", "其中：新建项目", "续建项目", "海州区小计", "=HYPERLINK(\"http://x\")", "连云区小计", "@SUM(1)"
    ])
    expect(ws.getCell(12, 13).value).toEqual(new Date("2023-02-10T00:00:00Z"))
  })
})
