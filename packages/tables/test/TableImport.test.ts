/** Importing tables in the shapes offices send: the fixtures in `fixtures/`, written by `fixtureWorkbooks.ts`. */
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Calendar, KnowledgeCut, ProjectEvent } from "@groundbreak/domain"
import { EventStore, MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Kpis, Replay } from "@groundbreak/indicators"
import { Mapping, TableImport, TableReading, Workbook } from "../src/index.ts"
import { fixtures, gbkCsv, gbkMarch } from "./fixtureWorkbooks.ts"

const dir = join(import.meta.dirname, "fixtures")
const fixture = (name: string) => Workbook.fromBytes(name, readFileSync(join(dir, name)))
const march = Calendar.parseMonth("2023-03")!
const reported = (day: string) => Calendar.parseKnowledgeCut(day)!

const run = <A, E>(program: Effect.Effect<A, E, EventStore>) => Effect.runPromise(Effect.provide(program, MemoryEventStore.layer))
const failure = <A, E extends { message: string }>(program: Effect.Effect<A, E, EventStore>) =>
  run(Effect.flip(program)).then((e) => e.message)

const kpis = (asOf: string, knownAt: string) =>
  Effect.map(Replay.portfolioKnownAt(KnowledgeCut.ofInstant(reported(knownAt))), (p) => Kpis.compute(p.projects.values(), { year: 2023, asOf: Calendar.parseDate(asOf)! }))

const readTable = (name: string, period = march, mapping: Mapping.Mapping = Mapping.empty) =>
  Effect.runPromise(fixture(name)).then((wb) => TableReading.read(wb, period, mapping))

describe("the shipped fixtures", () => {
  it("are what the fixture script writes", async () => {
    for (const f of await fixtures()) expect(Buffer.from(readFileSync(join(dir, f.name))).equals(Buffer.from(f.bytes)), f.name).toBe(true)
  })
})

describe("reading a table", () => {
  it("finds the header under title rows, over two rows with merged cells, and reads every way of writing a value", async () => {
    const read = await readTable("march-merged-headers.xlsx")
    if (!("table" in read)) throw new Error(JSON.stringify(read.problems))
    const { rows, headers, warnings } = read.table
    expect(warnings).toEqual([])
    expect(headers.get("yearToDate")).toBe("完成投资/1-3月累计")
    expect(headers.get("thisMonth")).toBe("完成投资/当月")
    expect(rows.map((r) => r.values.name)).toEqual(["海州湾（一期）物流园", "新海 新材料产业园", "花果山大道改造工程", "市第一人民医院新院区"])
    const [a, b, c, d] = rows.map((r) => r.values)
    // 总投资（亿元） in 亿元; the rest in 万元 from the unit row.
    expect([a!.totalInvestment, a!.plannedInvestment, a!.yearToDate, a!.thisMonth]).toEqual([10_000, 2000, 500, 500])
    // An Excel date cell, an Excel serial, 2022/10/8, 2021年6月1日; months 2023年3月 and 2023.2.
    expect([a, b, c, d].map((v) => Calendar.formatDate(v!.startedOn!.day))).toEqual(["2023-03-15", "2023-02-10", "2022-10-08", "2021-06-01"])
    expect([a!.plannedStart, b!.plannedStart]).toEqual([202303, 202302])
    // 是否停工 是: suspended, dated the last day of the reporting month.
    expect(c!.suspendedOn).toEqual({ day: Calendar.parseDate("2023-03-31"), precision: "yes" })
    expect(a!.shareOfPlan).toBeCloseTo(0.25, 12)
    expect([a!.kind, c!.kind, a!.sector, c!.sector, d!.sector]).toEqual(["new", "continuing", "industrial", "infrastructure", "social"])
  })

  it("checks subtotal rows against the rows they total, in the table's unit, and reads shares formatted as percentages", async () => {
    const read = await readTable("subtotals-yi.xlsx")
    if (!("table" in read)) throw new Error(JSON.stringify(read.problems))
    expect(read.table.rows.map((r) => r.values.plannedInvestment)).toEqual([20_000, 10_000, 10_000])
    expect(read.table.rows.map((r) => r.values.shareOfPlan)).toEqual([0.4, 0.3, 0.5])
    expect(read.table.warnings).toEqual([
      "subtotals-yi.xlsx: 进展表!F4 (1-3月累计完成投资, 东海县小计): the 2 row(s) it totals sum to 1.1, the subtotal says 1.2"
    ])
    expect(Calendar.formatDate(read.table.rows[2]!.values.startedOn!.day)).toBe("2023-03-31")
  })

  it("names the file, cell, header, what was expected and what was found, for every mistake at once", async () => {
    const message = await failure(Effect.flatMap(fixture("mistakes.xlsx"), (wb) => TableImport.importWorkbook(wb, { period: march, reportedAt: reported("2023-04-07") })))
    expect(message.split("\n")).toEqual([
      `mistakes.xlsx: Sheet1!G3 (1-3月累计完成投资): expected a number (money), found "一百"`,
      "mistakes.xlsx: Sheet1!F4 (实际开工时间): expected a date on or before the end of the reporting month (2023-03-31), found 2023-04-02",
      "mistakes.xlsx: Sheet1!G6 (1-3月累计完成投资): expected at most the total investment 100 (总投资), or an overrun below 50%, found 400",
      "mistakes.xlsx: Sheet1!A5 (项目编号): expected each project once, found a repeat of row 3 (P-1)",
      "4 problem(s) in mistakes.xlsx; nothing was imported"
    ])
  })

  it("refuses a unit other than 万元 or 亿元", async () => {
    const read = await readTable("unit-yuan.xlsx")
    expect(read).toEqual({ problems: [{ cell: "Sheet1!A1", header: "", expected: "the unit 万元 or 亿元", found: `"单位：元"` }] })
  })

  it("refuses a table whose year-to-date header names another month", async () => {
    const read = await readTable("march-merged-headers.xlsx", 202304)
    expect("problems" in read && read.problems[0]).toMatchObject({ cell: "Sheet1!K5", expected: "the reporting month 4月 (--period 2023-04)" })
  })
})

describe("importing a table", () => {
  it("gives the table's own totals as the indicators, and adds nothing the second time", () =>
    run(Effect.gen(function*() {
      const wb = yield* fixture("march-merged-headers.xlsx")
      const first = yield* TableImport.importWorkbook(wb, { period: march, reportedAt: reported("2023-04-07") })
      expect(first.counts).toMatchObject({ newProjects: 4, plans: 4, investmentReports: 3, lateReports: 3 })
      const k = yield* kpis("2023-03-31", "2023-04-07")
      expect(k).toMatchObject({ projects: 4, newProjects: 2, newStarted: 2, continuingProjects: 2, continuingActive: 1, plannedInvestment: 9000, completedInvestment: 2200 })
      // February as known then: the late reports of February are February's.
      expect((yield* kpis("2023-02-28", "2023-04-07")).completedInvestment).toBe(2200 - 900)
      const again = yield* TableImport.importWorkbook(wb, { period: march, reportedAt: reported("2023-04-07") })
      expect([again.appended, again.alreadyStored]).toEqual([0, first.appended])
    })))

  it("reads a GB18030 CSV without 项目编号, matching the next month's rows by name and county", () =>
    run(Effect.gen(function*() {
      const wb = yield* fixture("guanyun-gb18030.csv")
      expect(wb.sheets[0]!.rows[2]![1]!.value).toBe("灌云县 化工园区（二期）")
      yield* TableImport.importWorkbook(wb, { period: march, reportedAt: reported("2023-04-07") })
      // April: the same projects, spelled with full-width spaces and half-width brackets, year to date up.
      const april = gbkCsv([
        ["序号", "项目名称", "所在县（区）", "年度计划投资（万元）", "1-4月累计完成投资（万元）", "开工时间"],
        [1, "灌云县\u3000化工园区(二期)", "灌云县", 1000, 900, "2023年1月10日"],
        [2, "燕尾港码头", "灌云县", 2000, 250, "2023年2月"]
      ])
      const summary = yield* TableImport.importWorkbook(yield* Workbook.fromBytes("april.csv", april), { period: 202304, reportedAt: reported("2023-05-07") })
      expect(summary.counts).toMatchObject({ newProjects: 0, plans: 0, investmentReports: 2, withdrawals: 0 })
      expect(yield* kpis("2023-04-30", "2023-05-07")).toMatchObject({ projects: 2, completedInvestment: 1150 })
      // May: the year to date falls and there is no 当月 column to tell a revision.
      const may = gbkCsv([["项目名称", "所在县区", "年度计划投资", "1-5月累计完成投资"], ["燕尾港码头", "灌云县", 2000, 100], ["灌云县化工园区（二期）", "灌云县", 1000, 900]])
      const fell = yield* Effect.flip(TableImport.importWorkbook(yield* Workbook.fromBytes("may.csv", may), { period: 202305, reportedAt: reported("2023-06-07") }))
      expect(fell.message).toContain("may.csv: may!D2 (1-5月累计完成投资): expected at least 250 万元, the year to date reported before (a fall is a revision: give this month's figure, 当月完成投资, too), found 100 万元")
    })))

  it("records a fall with a 当月 column as a revision of earlier months, so the year to date is the table's", () =>
    run(Effect.gen(function*() {
      yield* TableImport.importWorkbook(yield* fixture("march-merged-headers.xlsx"), { period: march, reportedAt: reported("2023-04-07") })
      const april = gbkCsv([
        ["项目名称", "所在县区", "年度计划投资", "1-4月累计完成投资", "4月完成投资", "实际开工时间", "是否停工"],
        ["海州湾（一期）物流园", "海州区", 2000, 450, 50, "2023-03-15", "否"],
        ["新海 新材料产业园", "海州区", 4000, 700, 0, "2023-02-10", "否"],
        ["花果山大道改造工程", "海州区", 1000, 400, 0, "2022-10-08", "是"],
        ["市第一人民医院新院区", "海州区", 2000, 600, 0, "2021-06-01", "否"]
      ])
      const summary = yield* TableImport.importWorkbook(yield* Workbook.fromBytes("april.csv", april), { period: 202304, reportedAt: reported("2023-05-07") })
      expect(summary.counts).toMatchObject({ revisions: 1, investmentReports: 1 })
      expect((yield* kpis("2023-04-30", "2023-05-07")).completedInvestment).toBe(450 + 700 + 400 + 600)
      // What was known before the revision is unchanged.
      expect((yield* kpis("2023-03-31", "2023-04-07")).completedInvestment).toBe(2200)
    })))

  it("withdraws a project missing from the next month's table from the first day of that month", () =>
    run(Effect.gen(function*() {
      yield* TableImport.importWorkbook(yield* fixture("guanyun-gb18030.csv"), { period: march, reportedAt: reported("2023-04-07") })
      const april = gbkCsv([["项目名称", "所在县区", "年度计划投资", "1-4月累计完成投资", "开工时间"], ["燕尾港码头", "灌云县", 2000, 250, "2023年2月"]])
      const summary = yield* TableImport.importWorkbook(yield* Workbook.fromBytes("april.csv", april), { period: 202304, reportedAt: reported("2023-05-07") })
      expect(summary.counts.withdrawals).toBe(1)
      expect(yield* kpis("2023-04-30", "2023-05-07")).toMatchObject({ projects: 1, plannedInvestment: 2000, completedInvestment: 250 })
      expect((yield* kpis("2023-03-31", "2023-05-07")).projects).toBe(2)
    })))

  it("refuses a county's table read as the whole list, and reads it with --county-table", () =>
    run(Effect.gen(function*() {
      const rows = (district: string, from: number) => Array.from({ length: 5 }, (_, i) => [`${district}项目${from + i}`, district, 100, 0])
      const header = ["项目名称", "所在县区", "年度计划投资", "1-3月累计完成投资"]
      yield* TableImport.importWorkbook(yield* Workbook.fromBytes("city.csv", gbkCsv([header, ...rows("灌云县", 1), ...rows("灌南县", 1)])), { period: march, reportedAt: reported("2023-04-07") })
      const county = gbkCsv([["项目名称", "所在县区", "年度计划投资", "1-4月累计完成投资"], ...rows("灌云县", 1)])
      const asCity = yield* Effect.flip(TableImport.importWorkbook(yield* Workbook.fromBytes("county.csv", county), { period: 202304, reportedAt: reported("2023-05-07") }))
      expect(asCity.message).toContain("county.csv: county (所在县区): expected rows for 灌南县, whose 5 project(s) are on the 2023 plan (a county's own table: import it with --county-table), found none")
      const asCounty = yield* TableImport.importWorkbook(yield* Workbook.fromBytes("county.csv", county), { period: 202304, reportedAt: reported("2023-05-07"), scope: "districts" })
      expect(asCounty.counts.withdrawals).toBe(0)
      expect((yield* kpis("2023-04-30", "2023-05-07")).projects).toBe(10)
    })))

  it("refuses an earlier month after a later one, and a table reported before knowledge the store holds", () =>
    run(Effect.gen(function*() {
      const wb = yield* fixture("march-merged-headers.xlsx")
      yield* TableImport.importWorkbook(wb, { period: march, reportedAt: reported("2023-04-07") })
      const before = yield* Effect.flip(TableImport.importWorkbook(wb, { period: march, reportedAt: reported("2023-04-06") }))
      expect(before.message).toContain("the store already holds facts known at 2023-04-07T23:59:59.999+08:00, after --reported-at 2023-04-06T23:59:59.999+08:00")
      const feb = gbkCsv([["项目名称", "所在县区", "年度计划投资", "1-2月累计完成投资"], ["甲", "海州区", 1, 0]])
      const earlier = yield* Effect.flip(TableImport.importWorkbook(yield* Workbook.fromBytes("feb.csv", feb), { period: 202302, reportedAt: reported("2023-04-08") }))
      expect(earlier.message).toContain("the store already has investment reported for 2023-03, after this table's month 2023-02")
    })))

  it("dates a start the table gives only as 是 at the end of the reporting month, and refuses a start undone", () =>
    run(Effect.gen(function*() {
      const table = (month: number, started: string) =>
        gbkCsv([["项目名称", "所在县区", "年度计划投资", `1-${month}月累计完成投资`, "是否开工"], ["燕尾港码头", "灌云县", 2000, 100, started]])
      const import_ = (month: number, started: string) =>
        Effect.flatMap(Workbook.fromBytes(`m${month}.csv`, table(month, started)), (wb) =>
          TableImport.importWorkbook(wb, { period: 202300 + month, reportedAt: reported(`2023-0${month + 1}-07`) }))
      yield* import_(3, "是")
      expect((yield* kpis("2023-03-30", "2023-04-07")).newStarted).toBe(0)
      expect((yield* kpis("2023-03-31", "2023-04-07")).newStarted).toBe(1)
      expect((yield* import_(4, "是")).appended).toBe(0)
      const undone = yield* Effect.flip(import_(5, "否"))
      expect(undone.message).toContain(`m5.csv: m5!E2 (是否开工): expected the date 2023-03-31 reported before (a step cannot be undone), found "否"`)
    })))

  it("stops when a name and county match two projects in the store", () =>
    run(Effect.gen(function*() {
      const signed = (id: string) => ProjectEvent.toJsonLine({
        eventId: `${id}/1`, projectId: id, type: "ProjectSigned", occurredOn: "2022-10-01", knownAt: "2022-10-02T10:00:00+08:00",
        data: { name: "燕尾港码头", district: "灌云县", sector: "infrastructure", totalInvestment: 5000 }
      })
      yield* LedgerImport.importLedger("two.jsonl", [signed("A"), signed("B")])
      const message = (yield* Effect.flip(TableImport.importWorkbook(yield* fixture("guanyun-gb18030.csv"), { period: march, reportedAt: reported("2023-04-07") }))).message
      expect(message).toContain("guanyun-gb18030.csv: guanyun-gb18030!B4 (项目名称): expected one project named so in 灌云县 (give the 项目编号 to say which), found 2 in the store: A, B")
    })))

  it("reads a city's own headers and spellings through a mapping file, and points into a bad one", async () => {
    const folder = mkdtempSync(join(tmpdir(), "gb-mapping-"))
    const good = join(folder, "city.yaml")
    writeFileSync(good, "headers:\n  name: [工程名称]\n  yearToDate: [本年完成]\ndistricts:\n  灌云: 灌云县\n")
    const mapping = await Effect.runPromise(Mapping.load(good))
    const csv = gbkCsv([["工程名称", "县区", "年度计划投资", "本年完成"], ["燕尾港码头", "灌云", 2000, 250]])
    const wb = await Effect.runPromise(Workbook.fromBytes("city.csv", csv))
    const read = TableReading.read(wb, march, mapping)
    expect("table" in read && read.table.rows[0]!.values).toMatchObject({ name: "燕尾港码头", district: "灌云县", yearToDate: 250 })
    const bad = join(folder, "bad.yaml")
    writeFileSync(bad, "headers:\n  name: [工程名称]\n  nmae: [x]\nunit: 元\n")
    const message = await Effect.runPromise(Effect.flip(Mapping.load(bad))).then((e) => e.message)
    expect(message).toContain(`${bad}:3:3: headers.nmae: unknown key (not part of the mapping format)`)
    expect(message).toContain(`${bad}:4:7: unit: expected 万元 or 亿元, the money unit when neither a unit row nor a header names one (default 万元), found "元"`)
  })
})
