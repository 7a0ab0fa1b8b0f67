import type { BenefitIR, Node } from './ir.ts';

/** Memory and bookkeeping shared by the range evaluations of one match. */

/**
 * Interned ids of (kind, node) pairs: equal keys share an id, so memo lookups are array reads
 * instead of hashing long key strings. One instance serves every range of a match.
 */
export class NodeIds {
  private readonly byKey = new Map<string, number>();
  private readonly byObj = new WeakMap<object, Record<string, number>>();

  private readonly costs = new WeakMap<Node, number>();

  /** A static estimate of a condition's column-wide cost (cheap scope tests first). */
  cost(n: Node): number {
    let c = this.costs.get(n);
    if (c === undefined) {
      c = costOf(n);
      this.costs.set(n, c);
    }
    return c;
  }

  /** The id of a plain key string. */
  named(k: string): number {
    let id = this.byKey.get(k);
    if (id === undefined) { id = this.byKey.size; this.byKey.set(k, id); }
    return id;
  }

  /** The id of `obj` under `kind`, computing its key only the first time this object is seen. */
  id(obj: object, kind: string, key: () => string): number {
    let per = this.byObj.get(obj);
    if (!per) { per = {}; this.byObj.set(obj, per); }
    const known: number | undefined = per[kind];
    if (known !== undefined) return known;
    const id = this.named(kind + key());
    per[kind] = id;
    return id;
  }
}

function costOf(n: Node): number {
  switch (n.k) {
    case 'lit': return 0;
    case 'attr': return n.t === 'num' || n.t === 'date' ? 0 : 1;
    case 'has': return 1;
    case 'in': return 1 + (n.x.k === 'attr' ? 0 : costOf(n.x));
    case 'cmp': return (n.l.t === 'str' ? 1 : 2) + costOf(n.l) + costOf(n.r);
    case 'between': return 3 + costOf(n.lo) + costOf(n.x) + costOf(n.hi);
    case 'not': return 1 + costOf(n.x);
    case 'sumP': case 'avgP': return 1 + n.n;
    case 'ratioP': return 2 + 2 * n.n;
    case 'age': return 2 + costOf(n.x);
    case 'table': return 8 + n.table.rows.length * n.table.inputs.length;
    case 'and': case 'or': case 'arith': case 'min': case 'max': case 'if': return 1 + n.xs.reduce((s, x) => s + costOf(x), 0);
  }
}

/**
 * Reusable memory for range evaluations: a match evaluates thousands of bitsets and number columns
 * per range and drops them all at the next; handing out slices of a few big blocks instead of new
 * arrays spares the allocator and the garbage collector. Call reset() between ranges.
 */
export class Scratch {
  private readonly u32: Uint32Array[] = [];
  private readonly f64: Float64Array[] = [];
  private u = { block: 0, off: 0 };
  private f = { block: 0, off: 0 };

  /** Bytes of the slices handed out since the last reset. */
  inUse(): number {
    const used = (blocks: (Uint32Array | Float64Array)[], at: { block: number; off: number }) => {
      let n = at.off;
      for (let b = 0; b < at.block && b < blocks.length; b++) n += blocks[b].length;
      return n;
    };
    return used(this.u32, this.u) * 4 + used(this.f64, this.f) * 8;
  }

  /** Forgets every slice handed out (their memory will be reused). */
  reset(): void {
    this.u = { block: 0, off: 0 };
    this.f = { block: 0, off: 0 };
  }

  /** A zeroed Uint32Array of `n` elements. */
  bits(n: number): Uint32Array {
    return this.take(this.u32, this.u, n, (k) => new Uint32Array(k));
  }

  /** A zeroed Float64Array of `n` elements. */
  nums(n: number): Float64Array {
    return this.take(this.f64, this.f, n, (k) => new Float64Array(k));
  }

  private take<T extends Uint32Array | Float64Array>(blocks: T[], at: { block: number; off: number }, n: number, make: (k: number) => T): T {
    const size = Math.max(n, 1 << 20);
    while (at.block < blocks.length && blocks[at.block].length - at.off < n) { at.block++; at.off = 0; }
    if (at.block === blocks.length) blocks.push(make(size));
    const out = blocks[at.block].subarray(at.off, at.off + n) as T;
    at.off += n;
    out.fill(0);
    return out;
  }
}

/** The memo key of a benefit formula (its resolved numbers and its base node). */
export function benefitKey(b: Exclude<BenefitIR, { k: 'fixed' }>): string {
  return JSON.stringify({ ...b, base: b.base.key });
}
