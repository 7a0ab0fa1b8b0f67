/**
 * Fixed-base multiplication tables for SM2 verification, where the scalars are public (variable
 * time is fine). For a point Q the table holds d · 2^(8j) · Q in affine coordinates for every
 * byte position j (32) and byte value d (1…255): a multiplication is then at most 32 mixed
 * Jacobian + affine additions (8M + 3S each) and no doubling. [s]G + [t]P_A of a verification
 * accumulates both scalars' additions into one Jacobian point and inverts once at the end.
 * Building a table costs ≈ 8,160 point additions plus one batched inversion (tens of ms); it
 * takes ≈ 1 MiB. Arithmetic modulo the SM2 prime with native bigints.
 */

/** Affine coordinates of the table's points, flat: x then y for (j, d) at 2 · (255 · j + d − 1). */
export type CombTable = readonly bigint[];

/** A point in the projective form @noble/curves uses (x = X/Z, y = Y/Z). */
export interface ProjectivePoint {
  readonly X: bigint;
  readonly Y: bigint;
  readonly Z: bigint;
  add(other: ProjectivePoint): ProjectivePoint;
  double(): ProjectivePoint;
}

const BYTES = 32;
const PER_BYTE = 255;

/** Inverse modulo a prime by Fermat's little theorem is slow in bigint; extended Euclid instead. */
function invert(a: bigint, p: bigint): bigint {
  let [r0, r1] = [p, ((a % p) + p) % p];
  let [t0, t1] = [0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (r0 !== 1n) throw new Error('not invertible');
  return t0 < 0n ? t0 + p : t0;
}

/** The table of a point (not the identity), from projective points, normalized in one batch inversion. */
export function buildCombTable(point: ProjectivePoint, p: bigint): CombTable {
  const projective: ProjectivePoint[] = [];
  let base = point;
  for (let j = 0; j < BYTES; j++) {
    let acc = base;
    for (let d = 1; d <= PER_BYTE; d++) {
      projective.push(acc);
      acc = acc.add(base);
    }
    // acc = 256 · base = 2^8 · base: the next byte's unit.
    base = acc;
  }
  // Montgomery's trick: one inversion for all Z.
  const prefix: bigint[] = new Array(projective.length);
  let running = 1n;
  for (let i = 0; i < projective.length; i++) {
    prefix[i] = running;
    running = (running * projective[i].Z) % p;
  }
  let inv = invert(running, p);
  const out: bigint[] = new Array(projective.length * 2);
  for (let i = projective.length - 1; i >= 0; i--) {
    const zInv = (inv * prefix[i]) % p;
    inv = (inv * projective[i].Z) % p;
    out[2 * i] = (projective[i].X * zInv) % p;
    out[2 * i + 1] = (projective[i].Y * zInv) % p;
  }
  return out;
}

/**
 * x of [a]A + [b]B from the two points' tables (a, b in [0, 2^256)), or undefined when the sum is
 * the identity or an addition met the doubling case (equal points: callers then fall back to
 * generic arithmetic; it needs scalars crafted against the key).
 */
export function combSumX(tableA: CombTable, a: bigint, tableB: CombTable, b: bigint, p: bigint): bigint | undefined {
  let X = 0n;
  let Y = 0n;
  let Z = 0n; // Z = 0: the identity
  for (const [table, k] of [[tableA, a], [tableB, b]] as const) {
    let rest = k;
    for (let j = 0; rest > 0n; j++, rest >>= 8n) {
      const d = Number(rest & 0xffn);
      if (d === 0) continue;
      const at = 2 * (PER_BYTE * j + d - 1);
      const x2 = table[at];
      const y2 = table[at + 1];
      if (Z === 0n) {
        [X, Y, Z] = [x2, y2, 1n];
        continue;
      }
      // add-2007-bl with Z2 = 1 (madd): 8M + 3S.
      const z1z1 = (Z * Z) % p;
      const u2 = (x2 * z1z1) % p;
      const s2 = (((y2 * Z) % p) * z1z1) % p;
      let h = u2 - X;
      if (h < 0n) h += p;
      let r = s2 - Y;
      if (r < 0n) r += p;
      if (h === 0n) return undefined;
      const hh = (h * h) % p;
      const hhh = (h * hh) % p;
      const v = (X * hh) % p;
      let x3 = ((r * r) % p - hhh - 2n * v) % p;
      if (x3 < 0n) x3 += p;
      let vx = v - x3;
      if (vx < 0n) vx += p;
      let y3 = ((r * vx) % p - ((Y * hhh) % p)) % p;
      if (y3 < 0n) y3 += p;
      Z = (Z * h) % p;
      X = x3;
      Y = y3;
    }
  }
  if (Z === 0n) return undefined;
  const zInv = invert(Z, p);
  return (X * ((zInv * zInv) % p)) % p;
}
