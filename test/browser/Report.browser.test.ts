/**
 * The reports in a real browser: Debian's Chromium, headless, driven by
 * playwright-core. Each report opens from disk with no network, every chart
 * is drawn with data, the console stays clean, and a screenshot is saved
 * under test-output/ for a person to look at.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { chromium } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ProjectEvent } from "@groundbreak/domain"
import { LedgerGenerator } from "@groundbreak/synth"

const root = resolve(import.meta.dirname, "../..")
const bin = join(root, "packages/cli/src/bin.ts")
const output = join(root, "test-output")
const executablePath = process.env["GROUNDBREAK_CHROMIUM"] ?? "/usr/bin/chromium"
const available = existsSync(executablePath)
if (!available) {
  if (process.env["CI"]) throw new Error(`Chromium is required in CI but ${executablePath} is missing`)
  console.warn(`\n⚠ browser tests skipped: no Chromium at ${executablePath} (apt-get install chromium)\n`)
}

const groundbreak = (...args: Array<string>) => {
  const r = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", bin, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 })
  if (r.status !== 0) throw new Error(r.stderr)
}

describe.skipIf(!available)("reports in a real browser", { timeout: 180_000 }, () => {
  let browser: Awaited<ReturnType<typeof chromium.launch>>
  const dir = mkdtempSync(join(tmpdir(), "gb-report-"))
  const ledger = join(dir, "ledger.sqlite")

  beforeAll(async () => {
    // Builds three reports (a forecast, a comparison with sensitivity runs, a backtest): a minute or two.

    mkdirSync(output, { recursive: true })
    groundbreak("forecast", "scenarios/lianyungang-2020.yaml", "--paths", "400", "--report", join(output, "forecast-report.html"))
    groundbreak("compare", "scenarios/lianyungang-2020.yaml", "scenarios/lianyungang-2020-slow.yaml", "--paths", "200", "--report", join(output, "compare-report.html"))
    // A multi-year ledger to backtest.
    const file = join(dir, "ledger.jsonl")
    writeFileSync(file, [...LedgerGenerator.generateLedger({ seed: 11, prefix: "R", firstYear: 2017, lastYear: 2022, newPerYear: 120, until: "2023-01-31" })]
      .map((e) => ProjectEvent.toJsonLine(e) + "\n").join(""))
    groundbreak("import", file, "--store", ledger)
    groundbreak("backtest", "--store", ledger, "--years", "2021,2022", "--as-of", "06-30,09-30", "--paths", "200", "--report", join(output, "backtest-report.html"))
    for (const lang of ["zh", "en"]) {
      groundbreak("warnings", "--store", ledger, "--year", "2022", "--as-of", "2022-09-30", "--paths", "200", "--lang", lang, "--report", join(output, `dispatch-brief-${lang}.html`))
    }
    browser = await chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    })
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
  })

  for (const [name, charts, heading] of [
    ["forecast-report", 3, "累计完成投资"],
    ["compare-report", 2, "敏感性"],
    ["backtest-report", 2, "校准"],
    ["dispatch-brief-zh", 2, "区县进度差距"],
    ["dispatch-brief-en", 2, "Counties by gap to the pace"]
  ] as const) {
    it(`${name}: every chart drawn with data, no console errors, screenshot saved`, async () => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
      const errors: Array<string> = []
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()))
      page.on("pageerror", (e) => errors.push(e.message))
      const requests: Array<string> = []
      page.on("request", (r) => !r.url().startsWith("file:") && requests.push(r.url()))
      await page.goto(pathToFileURL(join(output, `${name}.html`)).href)
      const figures = page.locator("figure.chart svg")
      expect(await figures.count()).toBeGreaterThanOrEqual(charts)
      for (let i = 0; i < (await figures.count()); i++) {
        // Data marks: Vega draws bars as paths and areas/lines as paths in mark groups.
        const marks = await figures.nth(i).locator("g.mark-area path, g.mark-line path, g.mark-rect path, g.mark-symbol path").count()
        expect(marks).toBeGreaterThan(0)
      }
      const text = await page.locator("body").innerText()
      expect(text).toContain(heading)
      expect(errors).toEqual([])
      expect(requests).toEqual([])
      await page.screenshot({ path: join(output, `${name}.png`), fullPage: true })
      await page.close()
    })
  }

  it("the forecast report names each target's metric in Chinese and English, not by its code name", () => {
    const html = readFileSync(join(output, "forecast-report.html"), "utf8")
    expect(html).toContain("<td>完成投资 Investment</td>")
    expect(html).toContain("<td>开工率 Start rate</td>")
    expect(html).not.toMatch(/<td>(investment|startRate)<\/td>/)
  })

  it("the dispatch brief prints on A4 landscape, a new page for the ranking", async () => {
    const page = await browser.newPage()
    await page.goto(pathToFileURL(join(output, "dispatch-brief-zh.html")).href)
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
    await page.close()
    // The first page's MediaBox: A4 landscape is 841.89 × 595.28 points.
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString("latin1"))
    expect(box).not.toBeNull()
    expect(Number(box![1])).toBeCloseTo(841.9, 0)
    expect(Number(box![2])).toBeCloseTo(595.3, 0)
    writeFileSync(join(output, "dispatch-brief-zh.pdf"), pdf)
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length ?? 0
    expect(pages).toBeGreaterThanOrEqual(3)
  })
})
