/** A forecast that cannot be made as asked: a date outside the plan year, a plan with no project. */
import { Schema } from "effect"

export class ForecastInvalid extends Schema.TaggedError<ForecastInvalid>()("ForecastInvalid", { reason: Schema.String }) {
  override get message(): string {
    return this.reason
  }
}
