/**
 * The check every imported line goes through: a line that `holdsOnly` its
 * event has nothing `JSON.parse` could have resolved silently (a key given
 * twice, a number spelled otherwise than its value, -0), so reading it loses
 * nothing; and a canonical line always passes.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as JsonText from "../src/internal/JsonText.ts"
import { ProjectEvent, QuickDecode } from "../src/index.ts"

const events: ReadonlyArray<ProjectEvent.ProjectEvent> = [
  { eventId: "e-1", projectId: "P1", type: "ProjectSigned", occurredOn: "2020-01-02", knownAt: "2020-01-03T10:00:00+08:00", data: { name: "海州\"区", district: "d", sector: "s", totalInvestment: 12.5 } },
  { eventId: "e\\2", projectId: "P2", type: "InvestmentReported", occurredOn: "2020-03-31", knownAt: "2020-04-08T10:00:00Z", data: { period: "2020-03", amount: 1e21 } },
  { eventId: "e3", projectId: "P😀", type: "AnnualPlanSet", occurredOn: "2020-01-10", knownAt: "2020-01-12T10:00:00.5+08:00", data: { year: 2020, kind: "new", plannedInvestment: 0 } },
  { eventId: "e4", projectId: "P4", type: "ProjectCancelled", occurredOn: "2020-05-01", knownAt: "2020-05-01T10:00:00+08:00", data: {} }
]

/** Spellings of one member's value that parse to something, some the same value, some not. */
const strayMember = fc.constantFrom(',"eventId":"zz"', ',"eventId":0', ',"data":{}', ',"type":"ProjectSigned"', ',"knownAt":""', ",\"projectId\":\"P1\"")

const variant = fc.record({
  event: fc.constantFrom(...events),
  reorder: fc.boolean(),
  stray: fc.option(fc.tuple(strayMember, fc.nat()), { nil: undefined }),
  space: fc.option(fc.nat(), { nil: undefined }),
  escape: fc.boolean(),
  number: fc.constantFrom(undefined, "12.50", "1.25e1", "-0", "12345678901234567891", "1e+21", "1000000000000000000000")
}).map(({ event, reorder, stray, space, escape, number }) => {
  const { eventId, projectId, type, occurredOn, knownAt, data } = event
  let members = reorder
    ? [["type", type], ["eventId", eventId], ["knownAt", knownAt], ["projectId", projectId], ["occurredOn", occurredOn]]
    : [["eventId", eventId], ["projectId", projectId], ["type", type], ["occurredOn", occurredOn], ["knownAt", knownAt]]
  let text = `{${members.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")},"data":${JSON.stringify(data)}}`
  if (escape) text = text.replace('"eventId"', '"\\u0065ventId"')
  if (number !== undefined) text = text.replace(/(12\.5|1e\+21|"plannedInvestment":0)(?=[,}])/, (m) => m.startsWith('"') ? `"plannedInvestment":${number}` : number)
  if (stray !== undefined) {
    const [member, at] = stray
    const cut = text.indexOf(",", at % text.length)
    if (cut > 0) text = text.slice(0, cut) + member + text.slice(cut)
  }
  if (space !== undefined) {
    const at = text.indexOf(",", space % text.length)
    if (at > 0) text = text.slice(0, at + 1) + " " + text.slice(at + 1)
  }
  return text
})

describe("a line that holds only its event", () => {
  it("has nothing JSON.parse resolved silently", () =>
    fc.assert(fc.property(variant, (text) => {
      let raw: unknown
      try {
        raw = JSON.parse(text)
      } catch {
        return
      }
      const event = QuickDecode.decode(raw)
      if (event === undefined) return
      if (ProjectEvent.holdsOnly(text, event, JSON.stringify(event.data))) {
        expect(JsonText.firstProblem(text)).toBeUndefined()
        expect(text.length).toBe(ProjectEvent.toJsonLine(event).length)
      }
    }), { numRuns: 20_000 }))

  it("takes every canonical line whose ids need no escape (the others go the slower way)", () => {
    const takes = events.map((event) => ProjectEvent.holdsOnly(ProjectEvent.toJsonLine(event), event, JSON.stringify(event.data)))
    expect(takes).toEqual([true, false, true, true])
  })
})
