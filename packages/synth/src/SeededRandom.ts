/**
 * Reproducible randomness: a seeded xoroshiro128+ stream (pure-rand) with
 * the few distributions the generators need.
 */
import prand from "pure-rand"

export class SeededRandom {
  private readonly rng: prand.RandomGenerator

  constructor(seed: number) {
    this.rng = prand.xoroshiro128plus(seed | 0)
  }

  /** Uniform in [0, 1). */
  next(): number {
    const hi = this.rng.unsafeNext() >>> 0
    return hi / 4_294_967_296
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next()
  }

  /** Integer in [lo, hi], inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next()
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next())
  }

  pick<A>(items: ReadonlyArray<A>): A {
    return items[Math.floor(this.next() * items.length)]!
  }

  /** Picks by weight: `[[item, weight], …]`. */
  weighted<A>(items: ReadonlyArray<readonly [A, number]>): A {
    const total = items.reduce((s, [, w]) => s + w, 0)
    let x = this.next() * total
    for (const [item, w] of items) {
      if ((x -= w) < 0) return item
    }
    return items[items.length - 1]![0]
  }
}
