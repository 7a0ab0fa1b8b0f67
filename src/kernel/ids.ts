import { randomFillSync } from 'node:crypto';

/** Makes identifiers; injected so tests and replays get the same ids. */
export interface IdGenerator {
  /** A new id such as `usr_01HX…`: prefix, then a time-ordered 26-character ULID. */
  next(prefix: string): string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeUlid(timeMs: number, random: Uint8Array): string {
  let time = '';
  let t = timeMs;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  // 16 random characters from 80 bits: take 5 bits at a time.
  let bits = 0;
  let acc = 0;
  for (const byte of random) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5 && rand.length < 16) {
      rand += CROCKFORD[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return time + rand;
}

// Random bytes drawn 4 KiB at a time (as crypto.randomUUID does): one system call per 409 ids
// instead of one each (an id is made for every audited read).
const POOL_BYTES = 4096;

/** Random, time-ordered ids (ULID). */
export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  const pool = Buffer.alloc(POOL_BYTES);
  let used = POOL_BYTES;
  return {
    next(prefix) {
      if (used + 10 > POOL_BYTES) {
        randomFillSync(pool);
        used = 0;
      }
      const id = `${prefix}_${encodeUlid(now(), pool.subarray(used, used + 10))}`;
      used += 10;
      return id;
    },
  };
}

/** Deterministic ids for tests and replays: `prefix_000001`, `prefix_000002`, … */
export function createSequentialIds(): IdGenerator {
  let n = 0;
  return { next: (prefix) => `${prefix}_${String(++n).padStart(6, '0')}` };
}
