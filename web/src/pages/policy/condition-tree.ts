/**
 * The editor's view of a unit's JSON: a condition tree (all / any / not groups over leaves
 * "attribute operator value") and decision-table cells as short text. Whatever the builder cannot
 * show as a leaf stays a raw JSON node, so every unit round-trips unchanged.
 */

/** A comparison a leaf may use. */
export type LeafOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'has';

/** The right-hand side of a leaf: a literal, a dated parameter or a decision table's output. */
export type LeafValue =
  | { kind: 'literal'; v: number | string | boolean | null }
  | { kind: 'list'; v: (string | number)[] }
  | { kind: 'param'; name: string }
  | { kind: 'table'; name: string };

/** A node of the condition tree. */
export type CondNode =
  | { type: 'group'; op: 'and' | 'or' | 'not'; children: CondNode[] }
  | { type: 'leaf'; attr: string; op: LeafOp; value: LeafValue }
  | { type: 'raw'; json: unknown };

const CMP = new Set(['==', '!=', '<', '<=', '>', '>=']);

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function single(x: unknown): [string, unknown] | null {
  if (!isObject(x)) return null;
  const keys = Object.keys(x);
  return keys.length === 1 ? [keys[0], x[keys[0]]] : null;
}

function varOf(x: unknown): string | null {
  const s = single(x);
  return s && s[0] === 'var' && typeof s[1] === 'string' ? s[1] : null;
}

function valueOf(x: unknown): LeafValue | null {
  if (x === null || typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return { kind: 'literal', v: x };
  const s = single(x);
  if (s && s[0] === 'param' && typeof s[1] === 'string') return { kind: 'param', name: s[1] };
  if (s && s[0] === 'table' && typeof s[1] === 'string') return { kind: 'table', name: s[1] };
  return null;
}

/** Reads a condition expression into the tree. */
export function toTree(expr: unknown): CondNode {
  const s = single(expr);
  if (!s) return { type: 'raw', json: expr };
  const [op, args] = s;
  if ((op === 'and' || op === 'or') && Array.isArray(args)) return { type: 'group', op, children: args.map(toTree) };
  if (op === '!') return { type: 'group', op: 'not', children: [toTree(Array.isArray(args) ? args[0] : args)] };
  if (CMP.has(op) && Array.isArray(args) && args.length === 2) {
    const attr = varOf(args[0]);
    const value = valueOf(args[1]);
    if (attr && value) return { type: 'leaf', attr, op: op as LeafOp, value };
  }
  if (op === 'in' && Array.isArray(args) && args.length === 2) {
    const attr = varOf(args[0]);
    if (attr && Array.isArray(args[1]) && args[1].every((v) => typeof v === 'string' || typeof v === 'number')) return { type: 'leaf', attr, op: 'in', value: { kind: 'list', v: args[1] as (string | number)[] } };
    const set = varOf(args[1]);
    if (set && typeof args[0] === 'string') return { type: 'leaf', attr: set, op: 'has', value: { kind: 'literal', v: args[0] } };
  }
  return { type: 'raw', json: expr };
}

function valueJson(v: LeafValue): unknown {
  switch (v.kind) {
    case 'literal': return v.v;
    case 'list': return v.v;
    case 'param': return { param: v.name };
    case 'table': return { table: v.name };
  }
}

/** Writes the tree back as the unit's JSON expression. */
export function toJson(node: CondNode): unknown {
  if (node.type === 'raw') return node.json;
  if (node.type === 'group') {
    if (node.op === 'not') return { '!': node.children.length === 1 ? toJson(node.children[0]) : { and: node.children.map(toJson) } };
    return { [node.op]: node.children.map(toJson) };
  }
  if (node.op === 'has') return { in: [node.value.kind === 'literal' ? node.value.v : '', { var: node.attr }] };
  if (node.op === 'in') return { in: [{ var: node.attr }, node.value.kind === 'list' ? node.value.v : []] };
  return { [node.op]: [{ var: node.attr }, valueJson(node.value)] };
}

/** Replaces the node at `path` (child indexes from the root) and returns the new root. */
export function replaceAt(root: CondNode, path: number[], next: CondNode | null): CondNode | null {
  if (path.length === 0) return next;
  if (root.type !== 'group') return root;
  const [i, ...rest] = path;
  const child = replaceAt(root.children[i], rest, next);
  const children = child === null ? root.children.filter((_, k) => k !== i) : root.children.map((c, k) => (k === i ? child : c));
  return { ...root, children };
}

/** A number when the text is one, else the text (cells and list members). */
function scalar(text: string): string | number | boolean {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

function bound(text: string): unknown {
  const t = text.trim();
  return t.startsWith('@') ? { param: t.slice(1) } : scalar(t);
}

/**
 * A decision-table cell from its short text: `-` any; `>= 100`, `> 5, <= 10` an interval (bounds
 * may be parameters: `<= @band_low`); `in A, B` a list; `= x` one value. Null when unreadable.
 */
export function parseCell(text: string): unknown {
  const t = text.trim();
  if (t === '-' || t === '') return '-';
  if (t.startsWith('in ')) return { in: t.slice(3).split(/[,，]/).map((x) => scalar(x)).filter((x) => x !== '') };
  if (t.startsWith('= ') || t.startsWith('== ')) return { '==': scalar(t.replace(/^==?\s*/, '')) };
  const out: Record<string, unknown> = {};
  for (const part of t.split(/[,，]/)) {
    const m = /^\s*(>=|<=|>|<)\s*(.+?)\s*$/.exec(part);
    if (!m || m[1] in out) return null;
    out[m[1]] = bound(m[2]);
  }
  return out;
}

function boundText(v: unknown): string {
  const s = single(v);
  return s && s[0] === 'param' ? `@${String(s[1])}` : String(v);
}

/** The short text of a decision-table cell (inverse of `parseCell`). */
export function formatCell(cell: unknown): string {
  if (cell === '-') return '-';
  if (!isObject(cell)) return JSON.stringify(cell);
  if (Array.isArray(cell.in)) return `in ${cell.in.map(String).join(', ')}`;
  if ('==' in cell) return `= ${String(cell['=='])}`;
  return Object.entries(cell).map(([op, v]) => `${op} ${boundText(v)}`).join(', ');
}

/** Fen from yuan as typed (two decimals at most), and back. */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** Yuan from fen, for an input. */
export function fenToYuan(fen: number): number {
  return fen / 100;
}
