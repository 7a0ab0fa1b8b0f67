// A USCC → row index for snapshot builds. A JavaScript Map of a million strings costs a few
// microseconds a lookup (chained buckets, a string object to follow per probe) and seconds to
// build; a build looks up every record's USCC. Here an 18-character code of digits and capital
// letters is read as two base-36 numbers of 9 characters (each below 2^53, so exact), kept with its
// row in one open-addressed table of doubles: a lookup is one hash over the characters and,
// usually, one cache line. The table lives on a (Shared)ArrayBuffer, so worker threads use the
// main thread's index in place instead of building their own.

const FIELDS = 3; // per slot: high half, low half (base 36), row + 1 (0: empty)
const WIDTH = 18;
const HALF = 9;

/** The index's arrays, as sent to a worker thread. */
export interface UsccIndexData {
  /** Slots of [high, low, row + 1]; a power of two of them. */
  slots: Float64Array;
  /** USCCs that are not 18 characters of [0-9A-Z] (kept apart; none in a valid register). */
  others: [string, number][];
}

/** Row lookups by USCC: the row, or -1 when the USCC has none. */
export interface UsccIndex {
  get(uscc: string): number;
  readonly data: UsccIndexData;
}

/** The base-36 value of a character of a code (0–9, A–Z), or -1. */
function digit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

// Scratch of the last encoding (no object per lookup).
let high = 0;
let low = 0;

/** Reads a USCC into `high`/`low` and answers its hash, or -1 when it is not 18 characters of [0-9A-Z]. */
function encode(s: string): number {
  if (s.length !== WIDTH) return -1;
  let h = 0x811c9dc5;
  let a = 0;
  let b = 0;
  for (let k = 0; k < WIDTH; k++) {
    const c = s.charCodeAt(k);
    const d = digit(c);
    if (d < 0) return -1;
    if (k < HALF) a = a * 36 + d;
    else b = b * 36 + d;
    h = Math.imul(h ^ c, 0x01000193);
  }
  high = a;
  low = b;
  return (h ^ (h >>> 15)) >>> 0;
}

/** An index of `usccs` (row i ↔ usccs[i]); on a SharedArrayBuffer when `shared`. */
export function createUsccIndex(usccs: readonly string[], opts: { shared?: boolean } = {}): UsccIndex {
  let size = 1024;
  while (size < usccs.length * 2) size *= 2;
  const bytes = size * FIELDS * 8;
  const slots = new Float64Array(opts.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const others: [string, number][] = [];
  const mask = size - 1;
  for (let i = 0; i < usccs.length; i++) {
    const h = encode(usccs[i]);
    if (h < 0) {
      others.push([usccs[i], i]);
      continue;
    }
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const at = s * FIELDS;
      if (slots[at + 2] === 0) {
        slots[at] = high;
        slots[at + 1] = low;
        slots[at + 2] = i + 1;
        break;
      }
      // A USCC listed twice keeps its first row.
      if (slots[at] === high && slots[at + 1] === low) break;
    }
  }
  return openUsccIndex({ slots, others });
}

/** An index over arrays made by `createUsccIndex` (e.g. received by a worker thread). */
export function openUsccIndex(data: UsccIndexData): UsccIndex {
  const slots = data.slots;
  const mask = slots.length / FIELDS - 1;
  const others = new Map<string, number>();
  for (const [u, i] of data.others) if (!others.has(u)) others.set(u, i);
  return {
    data,
    get(uscc: string): number {
      const h = encode(uscc);
      if (h < 0) return others.get(uscc) ?? -1;
      for (let s = h & mask; ; s = (s + 1) & mask) {
        const at = s * FIELDS;
        const row = slots[at + 2];
        if (row === 0) return -1;
        if (slots[at] === high && slots[at + 1] === low) return row - 1;
      }
    },
  };
}
