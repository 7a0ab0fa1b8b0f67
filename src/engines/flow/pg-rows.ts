import { COLUMNS } from './sqlite-rows.ts';
import type { InstanceWrite, Row } from './store.ts';

// Integer columns (every other column a step writes is text).
const INTEGER = new Set(['def_version', 'seq', 'hseq', 'attempts']);

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

const batchTexts = new Map<string, string>();
// A column's type in json_to_recordset's column list (every column a step writes is text or integer).
const typed = (c: string) => `${c} ${INTEGER.has(c) ? 'integer' : 'text'}`;

/**
 * The whole write of a group of steps as one statement with one JSON parameter per table and kind of change:
 * rows go in through `json_populate_recordset` (inserts) and `json_to_recordset` (updates, one item per table and
 * set of changed columns), deleted ids through `json_array_elements_text`. One statement is one transaction by
 * itself (or commits with an open one), its text depends only on which tables and column sets the group touches,
 * so it is prepared once per connection, and a group of hundreds of steps costs the client one `JSON.stringify`
 * per part instead of quoting every value, and the server one JSON parse per part instead of parsing and analysing
 * a literal per value. The instance updates check `hseq` (`flow_conflict` aborts the statement when one matched no
 * row). A row is inserted, updated or deleted by one write only (`planWrite`), and the writes of a group are of
 * different instances, so no row is changed twice in the statement.
 */
export function pgWriteBatch(writes: InstanceWrite[]): PgStatement {
  const inserts = new Map<string, Row[]>();
  const updates = new Map<string, { table: string; cols: string[]; rows: Row[] }>();
  const deletes = new Map<string, string[]>();
  const add = (table: string, row: Row) => {
    const list = inserts.get(table);
    if (list) list.push(row);
    else inserts.set(table, [row]);
  };
  const update = (table: string, row: Row, expected?: number) => {
    let sig = table;
    for (const c in row) if (c !== 'id') sig += `,${c}`;
    let g = updates.get(sig);
    if (!g) updates.set(sig, (g = { table, cols: sig.split(',').slice(1), rows: [] }));
    g.rows.push(expected === undefined ? row : { ...row, expected });
  };
  for (const w of writes) {
    if (w.insert) add('flow_instances', w.instance);
    else update('flow_instances', w.instance, w.expectedHseq);
    for (const h of w.history) add('flow_history', h);
    for (const [table, row] of w.inserts) add(table, row);
    for (const [table, row] of w.updates) update(table, row);
    for (const [table, id] of w.deletes) {
      const list = deletes.get(table);
      if (list) list.push(id as string);
      else deletes.set(table, [id as string]);
    }
  }
  let shape = '';
  const values: string[] = [];
  for (const table of INSERT_ORDER) {
    const rows = inserts.get(table);
    if (!rows) continue;
    shape += `|i${table}`;
    values.push(JSON.stringify(rows));
  }
  const groups = [...updates.values()];
  for (const g of groups) {
    shape += `|u${g.table},${g.cols.join(',')}`;
    values.push(JSON.stringify(g.rows));
  }
  for (const [table, ids] of deletes) {
    shape += `|d${table}`;
    values.push(JSON.stringify(ids));
  }
  let text = batchTexts.get(shape);
  if (text === undefined) {
    const items: string[] = [];
    const checks: string[] = [];
    let n = 0;
    for (const table of INSERT_ORDER) {
      if (!inserts.has(table)) continue;
      items.push(`w${items.length} as (insert into ${table} (${COLUMNS[table].join(',')}) select ${COLUMNS[table].join(',')} from json_populate_recordset(null::${table}, $${++n}::json))`);
    }
    for (const g of groups) {
      const p = `$${++n}::json`;
      const set = g.cols.map((c) => `${c}=v.${c}`).join(',');
      if (g.table === 'flow_instances') {
        const u = `u${checks.length}`;
        items.push(`${u} as (update flow_instances t set ${set} from json_to_recordset(${p}) v(id text,expected integer,${g.cols.map(typed).join(',')}) where t.id=v.id and t.hseq=v.expected returning t.id)`);
        checks.push(`select flow_conflict(v.id) from json_to_recordset(${p}) v(id text) where not exists (select 1 from ${u} where ${u}.id=v.id)`);
      } else items.push(`w${items.length} as (update ${g.table} t set ${set} from json_to_recordset(${p}) v(id text,${g.cols.map(typed).join(',')}) where t.id=v.id)`);
    }
    for (const table of deletes.keys()) items.push(`w${items.length} as (delete from ${table} where id in (select json_array_elements_text($${++n}::json)))`);
    text = `with ${items.join(',')} ${checks.length ? checks.join(' union all ') : 'select 1'}`;
    if (batchTexts.size >= MAX_SHAPES) batchTexts.clear();
    batchTexts.set(shape, text);
  }
  return { text, values };
}

const INSERT_ORDER = ['flow_instances', 'flow_history', 'flow_tokens', 'flow_tasks', 'flow_jobs', 'flow_subscriptions'];
