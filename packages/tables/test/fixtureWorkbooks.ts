/**
 * The test fixtures: tables in the shapes offices send, written with exceljs
 * (and iconv-lite for the GB18030 CSV), never by editing XML.
 * `pnpm table-fixtures` writes them to `test/fixtures/`; a test checks the
 * shipped files are what this writes.
 */
import ExcelJS from "exceljs"
import iconv from "iconv-lite"
import { TableExport } from "../src/index.ts"

const date = new Date("2023-04-07T00:00:00Z")
const ymd = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d))

/** Days since 1899-12-30 of a date: what an Excel date cell holds when its format is lost. */
const serial = (y: number, m: number, d: number) => Math.round(ymd(y, m, d).getTime() / 86_400_000) + 25_569

/**
 * A county's March table: two title rows and a unit row, a header over two
 * rows (完成投资 merged over 1-3月累计 and 当月), 序号, 总投资 in 亿元 in its
 * header while the rest is in 万元, a 合计 row on top and a subtotal per
 * kind, dates as Excel date cells, as serials and as text in four ways,
 * months, 是/否, and shares as "85.3%" text.
 */
/** A workbook dated like every fixture, so that its bytes do not depend on when it was written. */
const workbook = (): ExcelJS.Workbook => {
  const wb = new ExcelJS.Workbook()
  wb.created = date
  wb.modified = date
  return wb
}

const march = (): ExcelJS.Workbook => {
  const wb = workbook()
  const ws = wb.addWorksheet("Sheet1")
  ws.mergeCells("A1:L1")
  ws.getCell("A1").value = "2023年1-3月海州区重点项目进展情况表"
  ws.mergeCells("A2:L2")
  ws.getCell("A2").value = "填报单位：海州区发展和改革委员会"
  ws.getCell("K3").value = "单位：万元"
  const top = ["序号", "项目名称", "所在县区", "行业类别", "建设性质", "总投资（亿元）", "年度计划投资", "计划开工时间", "实际开工时间", "是否停工", "完成投资", "", "占年度计划%"]
  const bottom = ["", "", "", "", "", "", "", "", "", "", "1-3月累计", "当月", ""]
  ws.addRow(top)
  ws.addRow(bottom)
  for (const col of ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "M"]) ws.mergeCells(`${col}4:${col}5`)
  ws.mergeCells("K4:L4")
  const rows: Array<Array<ExcelJS.CellValue>> = [
    ["", "合计", "", "", "", 4.5, 9000, "", "", "", 2200, 900, "24.4%"],
    ["", "其中：新建项目", "", "", "", 2.5, 6000, "", "", "", 1200, 600, "20.0%"],
    ["", "续建项目", "", "", "", 2.0, 3000, "", "", "", 1000, 300, "33.3%"],
    [1, "海州湾（一期）物流园", "海州区", "工业", "新建", 1.0, 2000, "2023年3月", ymd(2023, 3, 15), "否", 500, 500, "25.0%"],
    [2, "新海 新材料产业园", "海州区", "工业", "新建", 1.5, 4000, "2023.2", serial(2023, 2, 10), "否", 700, 100, "17.5%"],
    [3, "花果山大道改造工程", "海州区", "基础设施", "续建", 0.8, 1000, "", "2022/10/8", "是", 400, 0, "40.0%"],
    [4, "市第一人民医院新院区", "海州区", "社会民生", "续建", 1.2, 2000, "", "2021年6月1日", "否", 600, 300, "30.0%"]
  ]
  for (const r of rows) ws.addRow(r)
  ws.getCell("I9").numFmt = "yyyy-mm-dd"
  return wb
}

/** A table with a 项目编号, shares as 0.853 formatted as a percentage, a subtotal per district that does not add up. */
const subtotals = (): ExcelJS.Workbook => {
  const wb = workbook()
  const ws = wb.addWorksheet("进展表")
  ws.addRow(["2023年1-3月全市重点项目进展情况表"])
  ws.addRow(["单位：亿元"])
  ws.addRow(["序号", "项目编号", "项目名称", "所在县区", "年度计划投资", "1-3月累计完成投资", "占年度计划%", "实际开工时间"])
  ws.addRow(["", "", "东海县小计", "", 3.0, 1.2, 0.4, ""])
  ws.addRow([1, "DH-01", "东海硅材料", "东海县", 2.0, 0.8, 0.4, "2023-02-01"])
  ws.addRow([2, "DH-02", "东海港口", "东海县", 1.0, 0.3, 0.3, "2023.1.20"])
  ws.addRow(["", "", "赣榆区小计", "", 1.0, 0.5, 0.5, ""])
  ws.addRow([1, "GY-01", "赣榆海洋牧场", "赣榆区", 1.0, 0.5, 0.5, "3月"])
  for (const c of ["G4", "G5", "G6", "G7", "G8"]) ws.getCell(c).numFmt = "0.0%"
  return wb
}

/** Mistakes a clerk makes, each in a cell the error must name. */
const mistakes = (): ExcelJS.Workbook => {
  const wb = workbook()
  const ws = wb.addWorksheet("Sheet1")
  ws.addRow(["2023年1-3月重点项目进展情况表"])
  ws.addRow(["项目编号", "项目名称", "所在县区", "总投资", "年度计划投资", "实际开工时间", "1-3月累计完成投资"])
  ws.addRow(["P-1", "甲项目", "海州区", 1000, 500, "2023-03-01", "一百"])
  ws.addRow(["P-2", "乙项目", "海州区", 1000, 500, "2023-04-02", 100])
  ws.addRow(["P-1", "甲项目（重复）", "海州区", 1000, 500, "2023-03-01", 100])
  ws.addRow(["P-3", "丙项目", "海州区", 100, 500, "2023-01-05", 400])
  return wb
}

/** A unit no table should use. */
const yuan = (): ExcelJS.Workbook => {
  const wb = workbook()
  const ws = wb.addWorksheet("Sheet1")
  ws.addRow(["单位：元"])
  ws.addRow(["项目名称", "所在县区", "年度计划投资", "1-3月累计完成投资"])
  ws.addRow(["甲项目", "海州区", 500, 100])
  return wb
}

/**
 * A CSV saved by Excel on Chinese Windows: GB18030, a title row, no 项目编号
 * (projects are matched by name and county), shares written as 85.3.
 */
export const gbkCsv = (rows: ReadonlyArray<ReadonlyArray<string | number>>): Uint8Array =>
  iconv.encode(rows.map((r) => r.map((c) => String(c).includes(",") ? `"${c}"` : String(c)).join(",")).join("\r\n") + "\r\n", "gb18030")

export const gbkMarch: ReadonlyArray<ReadonlyArray<string | number>> = [
  ["2023年1-3月灌云县重点项目进展情况表", "", "", "", "", ""],
  ["序号", "项目名称", "所在县（区）", "年度计划投资（万元）", "1-3月累计完成投资（万元）", "占年度计划（%）", "开工时间"],
  [1, "灌云县 化工园区（二期）", "灌云县", 1000, 853, 85.3, "2023年1月10日"],
  [2, "燕尾港 码头", "灌云县", 2000, 200, 10, "2023年2月"]
]

export const fixtures = async (): Promise<ReadonlyArray<{ readonly name: string; readonly bytes: Uint8Array }>> => [
  { name: "march-merged-headers.xlsx", bytes: await TableExport.xlsxBytes(march(), date) },
  { name: "subtotals-yi.xlsx", bytes: await TableExport.xlsxBytes(subtotals(), date) },
  { name: "mistakes.xlsx", bytes: await TableExport.xlsxBytes(mistakes(), date) },
  { name: "unit-yuan.xlsx", bytes: await TableExport.xlsxBytes(yuan(), date) },
  { name: "guanyun-gb18030.csv", bytes: gbkCsv(gbkMarch) }
]
