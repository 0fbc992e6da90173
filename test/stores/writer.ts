/**
 * A writer process for the concurrency test: appends pairs of events to
 * projects shared with the other writers, each append with the expected
 * version it just read, and reports what was acknowledged and what was
 * rejected as a version conflict. Any other failure exits non-zero.
 */
import { Effect, Exit } from "effect"
import { EventStore, PostgresEventStore, SqliteEventStore, VersionConflict } from "@groundbreak/event-store"

const [store, writerText, appendsText] = process.argv.slice(2)
const writer = Number(writerText), appends = Number(appendsText)
const layer = PostgresEventStore.isPostgresUrl(store!) ? PostgresEventStore.layer({ url: store! }) : SqliteEventStore.layer({ path: store!, busyTimeoutMs: 60_000 })

const program = Effect.gen(function*() {
  const s = yield* EventStore
  const acknowledged: Array<string> = []
  let conflicts = 0
  for (let i = 0; i < appends; i++) {
    // Every writer's first append claims one new stream with expected version 0: exactly one wins, whatever the timing.
    const projectId = i === 0 ? "P-race" : `P-${(i * 3 + writer) % 10}`
    const version = i === 0 ? 0 : (yield* s.versions([projectId])).get(projectId) ?? 0
    const events = [0, 1].map((k) => ({
      eventId: `w${writer}-${i}-${k}`,
      projectId,
      type: "InvestmentReported" as const,
      occurredOn: "2024-03-31",
      knownAt: "2024-04-08T10:00:00+08:00",
      data: { period: "2024-03", amount: writer * 1000 + i }
    }))
    const exit = yield* Effect.exit(s.append(projectId, events, version))
    if (Exit.isSuccess(exit)) acknowledged.push(...events.map((e) => e.eventId))
    else if (exit.cause.reasons[0]?._tag === "Fail" && exit.cause.reasons[0].error instanceof VersionConflict) conflicts++
    else return yield* Effect.die(exit.cause)
  }
  return { acknowledged, conflicts }
})

const result = await Effect.runPromise(Effect.provide(program, layer))
process.stdout.write(JSON.stringify(result))
