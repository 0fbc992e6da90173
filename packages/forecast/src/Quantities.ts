/**
 * Drawing a scenario quantity (a number or a distribution) from one
 * uniform, by its inverse distribution function: one uniform per draw
 * keeps random numbers common across scenarios.
 */
import type { Scenario } from "@groundbreak/scenario"
import { normalQuantile } from "./CounterRandom.ts"

export const draw = (quantity: Scenario.Quantity, u: number): number => {
  if (typeof quantity === "number") return quantity
  switch (quantity.dist) {
    case "normal":
      return quantity.mean + quantity.sd * normalQuantile(u)
    case "uniform":
      return quantity.min + (quantity.max - quantity.min) * u
    case "lognormal":
      return quantity.median * Math.exp(quantity.sigma * normalQuantile(u))
    case "triangular": {
      const { min, mode, max } = quantity
      if (max === min) return min
      const cut = (mode - min) / (max - min)
      return u < cut ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode))
    }
  }
}
