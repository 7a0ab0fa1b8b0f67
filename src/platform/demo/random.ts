/**
 * A small seeded random source for the demo generator: sfc32 seeded through splitmix32, so
 * one (seed, stream) pair always gives the same numbers on every machine and Node version.
 * Each enterprise draws from its own stream (its sequence number), which makes record i
 * independent of records before it.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A standard normal deviate (Box–Muller). */
  normal(): number;
  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A random source for one (seed, stream) pair; equal pairs give equal sequences. */
export function createRandom(seed: number, stream = 0): Random {
  const mix = splitmix32((Math.imul(seed | 0, 0x27d4eb2d) ^ Math.imul(stream | 0, 0x165667b1) ^ (stream / 0x100000000)) >>> 0);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next = (): number => {
    // sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG), 32-bit output.
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  let spare: number | undefined;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal() {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return value;
      }
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

/**
 * A precomputed weighted table for hot loops: `draw(random)` is a binary search over the
 * cumulative weights instead of a walk over an object.
 */
export function createWeightedTable<T>(items: readonly (readonly [T, number])[]): { draw(random: Random): T; items: readonly T[] } {
  const kept = items.filter(([, w]) => w > 0);
  if (kept.length === 0) throw new Error('createWeightedTable: at least one weight must be positive');
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of kept) cumulative.push((total += w));
  const values = kept.map(([v]) => v);
  return {
    items: values,
    draw(random) {
      const x = random.next() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > x) hi = mid;
        else lo = mid + 1;
      }
      return values[lo];
    },
  };
}
