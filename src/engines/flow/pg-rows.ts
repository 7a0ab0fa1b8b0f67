import { COLUMNS } from './sqlite-rows.ts';
import type { InstanceWrite, Row } from './store.ts';

/** A value as an SQL literal (standard_conforming_strings is on: only quotes need doubling). */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  return `'${String(v).replace(/'/g, "''")}'`;
}

const tuple = (table: string, row: Row) => `(${COLUMNS[table].map((c) => literal(row[c])).join(',')})`;
// The columns a row carries besides its key (an update carries only those that changed).
const sets = (row: Row) => {
  let out = '';
  for (const c in row) if (c !== 'id') out += `${out ? ',' : ''}${c}=${literal(row[c])}`;
  return out;
};

// Integer columns (every other column a step writes is text): values from a VALUES list are cast back to them.
const INTEGER = new Set(['def_version', 'seq', 'hseq', 'attempts']);
const assign = (cols: string[]) => cols.map((c) => `${c}=v.${c}${INTEGER.has(c) ? '::integer' : ''}`).join(',');

/** Updates of rows of one table that change the same columns: one statement for all of them. */
interface UpdateGroup {
  table: string;
  cols: string[];
  rows: Row[];
  expected: number[];
}

function updateStatement(g: UpdateGroup): string {
  if (g.table === 'flow_instances') {
    if (g.rows.length === 1) {
      const id = literal(g.rows[0].id);
      return `with u as (update flow_instances set ${sets(g.rows[0])} where id=${id} and hseq=${g.expected[0]} returning 1) select flow_conflict(${id}) where not exists (select 1 from u)`;
    }
    const values = g.rows.map((r, i) => `(${literal(r.id)},${g.expected[i]},${g.cols.map((c) => literal(r[c])).join(',')})`).join(',');
    return `with v(id,expected,${g.cols.join(',')}) as (values ${values}), u as (update flow_instances t set ${assign(g.cols)} from v where t.id=v.id and t.hseq=v.expected returning t.id) `
      + 'select flow_conflict(v.id) from v where not exists (select 1 from u where u.id=v.id)';
  }
  if (g.rows.length === 1) return `update ${g.table} set ${sets(g.rows[0])} where id=${literal(g.rows[0].id)}`;
  const values = g.rows.map((r) => `(${literal(r.id)},${g.cols.map((c) => literal(r[c])).join(',')})`).join(',');
  return `update ${g.table} t set ${assign(g.cols)} from (values ${values}) v(id,${g.cols.join(',')}) where t.id=v.id`;
}

/** A parameterised statement: `text` is the same for every step of the same shape, so it is prepared once per connection. */
export interface PgStatement {
  text: string;
  values: unknown[];
}

// Statement texts by shape (`shapeOf`), so a step of a shape seen before gathers only its values.
const MAX_SHAPES = 1000;
const texts = new Map<string, string>();

/**
 * One instance's write as one statement with parameters: each insert, update and delete a data-modifying
 * `WITH` item, the instance update checked against the `hseq` the step read (`flow_conflict` aborts the
 * statement when no row matched). Its text depends only on the step's shape (tables, changed columns, row
 * counts), not on its values, so the server parses and plans it once per connection and a step costs it one
 * execution; values travel as parameters, never inside the text. The text of a shape is built once (and is
 * then the same string, cheap to look up by) and the values gathered in its order.
 */
export function pgWriteStatement(w: InstanceWrite): PgStatement {
  const [shape, values] = shapeOf(w);
  let text = texts.get(shape);
  if (text === undefined) {
    text = buildWriteStatement(w).text;
    if (texts.size >= MAX_SHAPES) texts.clear();
    texts.set(shape, text);
  }
  return { text, values };
}

/** The write's shape (what its statement text depends on) and its values in the order the text numbers them. */
function shapeOf(w: InstanceWrite): [string, unknown[]] {
  const values: unknown[] = [];
  const push = (v: unknown) => void values.push(v === undefined ? null : v);
  const rows = (table: string, list: Row[]) => {
    const cols = COLUMNS[table];
    for (const r of list) for (let i = 0; i < cols.length; i++) push(r[cols[i]]);
  };
  const set = (row: Row) => {
    let cols = '';
    for (const c in row) if (c !== 'id') { cols += `,${c}`; push(row[c]); }
    return cols;
  };
  let shape: string;
  if (w.insert) {
    shape = 'i';
    rows('flow_instances', [w.instance]);
  } else {
    shape = `u${set(w.instance)}`;
    push(w.instance.id);
    push(w.expectedHseq);
  }
  shape += `|h${w.history.length}`;
  rows('flow_history', w.history);
  const byTable = groupByTable(w.inserts);
  for (const [table, list] of byTable) {
    shape += `|${table}${list.length}`;
    rows(table, list);
  }
  for (const [table, row] of w.updates) {
    shape += `|u${table}${set(row)}`;
    push(row.id);
  }
  const deletes = groupByTable(w.deletes);
  for (const [table, ids] of deletes) {
    shape += `|d${table}${ids.length}`;
    for (const id of ids) push(id);
  }
  return [shape, values];
}

function groupByTable<T>(items: Array<[string, T]>): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const [table, item] of items) {
    const list = out.get(table);
    if (list) list.push(item);
    else out.set(table, [item]);
  }
  return out;
}

/** The statement of `pgWriteStatement`, text and values, built from scratch (for a shape not seen yet, and tests). */
export function buildWriteStatement(w: InstanceWrite): PgStatement {
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v === undefined ? null : v);
    return `$${values.length}`;
  };
  const items: string[] = [];
  let check = '';
  const insert = (table: string, rows: Row[]) => {
    const cols = COLUMNS[table];
    items.push(`w${items.length} as (insert into ${table} (${cols.join(',')}) values ${rows.map((r) => `(${cols.map((c) => param(r[c])).join(',')})`).join(',')})`);
  };
  const set = (row: Row) => {
    let out = '';
    for (const c in row) if (c !== 'id') out += `${out ? ',' : ''}${c}=${param(row[c])}`;
    return out;
  };
  if (w.insert) insert('flow_instances', [w.instance]);
  else {
    const assignments = set(w.instance);
    const id = param(w.instance.id);
    items.push(`u as (update flow_instances set ${assignments} where id=${id} and hseq=${param(w.expectedHseq)} returning 1)`);
    check = ` flow_conflict(${id}) where not exists (select 1 from u)`;
  }
  if (w.history.length) insert('flow_history', w.history);
  for (const [table, rows] of groupByTable(w.inserts)) insert(table, rows);
  for (const [table, row] of w.updates) {
    const assignments = set(row);
    items.push(`w${items.length} as (update ${table} set ${assignments} where id=${param(row.id)})`);
  }
  // Numbered table by table, as `shapeOf` gathers the values.
  for (const [table, ids] of groupByTable(w.deletes)) items.push(`w${items.length} as (delete from ${table} where id in (${ids.map(param).join(',')}))`);
  return { text: `with ${items.join(',')} select${check || ' 1'}`, values };
}

/**
 * The whole write of a step (or a group of steps) as one PostgreSQL script of
 * literal statements: sent as one simple query it costs one round trip, and
 * runs as one transaction by itself or inside an explicit one. Rows are
 * inserted one statement per table, and updated one statement per table and
 * set of changed columns (a group commit's hundreds of steps take a few
 * statements to plan, not one per row). The instance updates check `hseq`;
 * `flow_conflict` aborts the script when it changed.
 */
export function pgWriteScript(writes: InstanceWrite[]): string {
  const inserts = new Map<string, string[]>();
  const add = (table: string, row: Row) => {
    let list = inserts.get(table);
    if (!list) inserts.set(table, (list = []));
    list.push(tuple(table, row));
  };
  const groups = new Map<string, UpdateGroup>();
  const update = (table: string, row: Row, expected = 0) => {
    let sig = table;
    for (const c in row) if (c !== 'id') sig += `,${c}`;
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { table, cols: sig.split(',').slice(1), rows: [], expected: [] }));
    g.rows.push(row);
    g.expected.push(expected);
  };
  const deletes = new Map<string, string[]>();
  for (const w of writes) {
    if (w.insert) add('flow_instances', w.instance);
    else update('flow_instances', w.instance, w.expectedHseq);
    for (const h of w.history) add('flow_history', h);
    for (const [table, row] of w.inserts) add(table, row);
    for (const [table, row] of w.updates) update(table, row);
    for (const [table, rowId] of w.deletes) {
      let list = deletes.get(table);
      if (!list) deletes.set(table, (list = []));
      list.push(literal(rowId));
    }
  }
  // Checked instance updates first, so a stale read fails as a conflict before anything else.
  const all = [...groups.values()];
  const checks = all.filter((g) => g.table === 'flow_instances').map(updateStatement);
  const updates = all.filter((g) => g.table !== 'flow_instances').map(updateStatement);
  const order = ['flow_instances', 'flow_history', 'flow_tokens', 'flow_tasks', 'flow_jobs', 'flow_subscriptions'];
  const head = order.filter((t) => inserts.has(t)).map((t) => `insert into ${t} (${COLUMNS[t].join(',')}) values ${inserts.get(t)!.join(',')}`);
  const tail = [...deletes].map(([table, ids]) => `delete from ${table} where id in (${ids.join(',')})`);
  return [...checks, ...head, ...updates, ...tail].join(';\n');
}
