import { COLUMNS } from './sqlite-rows.ts';
import type { InstanceWrite, Row } from './store.ts';

/** A value as an SQL literal (standard_conforming_strings is on: only quotes need doubling). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  return `'${String(v).replace(/'/g, "''")}'`;
}

const tuple = (table: string, row: Row) => `(${COLUMNS[table].map((c) => literal(row[c])).join(',')})`;
const sets = (table: string, row: Row) => COLUMNS[table].slice(1).map((c) => `${c}=${literal(row[c])}`).join(',');

/**
 * The whole write of a step (or a group of steps) as one PostgreSQL script of
 * literal statements: sent as one simple query it costs one round trip, and
 * runs as one transaction by itself or inside an explicit one. The instance
 * update checks `hseq`; `flow_conflict` aborts the script when it changed.
 */
export function pgWriteScript(writes: InstanceWrite[]): string {
  const checks: string[] = [];
  const updates: string[] = [];
  const inserts = new Map<string, string[]>();
  const add = (table: string, row: Row) => {
    let list = inserts.get(table);
    if (!list) inserts.set(table, (list = []));
    list.push(tuple(table, row));
  };
  const deletes = new Map<string, string[]>();
  for (const w of writes) {
    const id = literal(w.instance.id);
    if (w.insert) add('flow_instances', w.instance);
    else checks.push(`with u as (update flow_instances set ${sets('flow_instances', w.instance)} where id=${id} and hseq=${w.expectedHseq} returning 1) select flow_conflict(${id}) where not exists (select 1 from u)`);
    for (const h of w.history) add('flow_history', h);
    for (const [table, row] of w.inserts) add(table, row);
    for (const [table, row] of w.updates) updates.push(`update ${table} set ${sets(table, row)} where id=${literal(row.id)}`);
    for (const [table, rowId] of w.deletes) {
      let list = deletes.get(table);
      if (!list) deletes.set(table, (list = []));
      list.push(literal(rowId));
    }
  }
  // Checked instance updates first, so a stale read fails as a conflict before anything else.
  const order = ['flow_instances', 'flow_history', 'flow_tokens', 'flow_tasks', 'flow_jobs', 'flow_subscriptions'];
  const head = order.filter((t) => inserts.has(t)).map((t) => `insert into ${t} (${COLUMNS[t].join(',')}) values ${inserts.get(t)!.join(',')}`);
  const tail = [...deletes].map(([table, ids]) => `delete from ${table} where id in (${ids.join(',')})`);
  return [...checks, ...head, ...updates, ...tail].join(';\n');
}
