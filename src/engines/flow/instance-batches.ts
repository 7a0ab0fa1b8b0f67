import type { Kysely } from 'kysely';
import { planMigration, type MigrationBlock, type MigrationReport } from './migrate.ts';
import { movedDeadlines } from './recount.ts';
import type { StepSession } from './session.ts';
import { FlowError } from './state.ts';
import { definitionRows } from './store.ts';
import type { FlowCalendar, TimeContext } from './time.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/**
 * The engine's work over many running instances, a batch per transaction: moving them to another version of
 * their definition, and recounting their working-day deadlines after the calendar changed. `transact` runs a
 * batch as the engine runs any step (group commit included).
 * @example const { migrateInstances } = createInstanceBatches({ db, time, transact });
 */
export function createInstanceBatches(deps: { db: Db; time: TimeContext; transact: <T>(work: (session: StepSession) => Promise<T>) => Promise<T> }) {
  const { db, time, transact } = deps;
  return {
    /**
     * Moves running instances of `key` from one version to another, with a map of
     * renamed element and flow ids; each batch is one transaction. With `dryRun`
     * nothing changes and the report says what would move and what cannot.
     */
    async migrateInstances(
      key: string, fromVersion: number, toVersion: number,
      opts: { mapping?: Record<string, string>; dryRun?: boolean; batchSize?: number; actor?: string } = {},
    ): Promise<MigrationReport> {
      const [from, to] = await Promise.all([definitionRows.byKey(db, key, fromVersion), definitionRows.byKey(db, key, toVersion)]);
      if (!from || !to) throw new FlowError('flow.definition.notFound', `process ${key} versions ${fromVersion} and ${toVersion} must both be deployed`, { key });
      const mapping = opts.mapping ?? {};
      const report: MigrationReport = { from: { key, version: fromVersion }, to: { key, version: toVersion }, dryRun: Boolean(opts.dryRun), movable: 0, blocked: [] };
      let after = '';
      for (;;) {
        const rows = await db.selectFrom('flow_instances').select('id').where('definition_id', '=', from.id).where('status', '=', 'running')
          .where('id', '>', after).orderBy('id').limit(opts.batchSize ?? 500).execute();
        if (rows.length === 0) break;
        after = rows[rows.length - 1].id;
        const batch = await transact(async (s) => {
          const blocked: MigrationBlock[] = [];
          let movable = 0;
          for (const { id } of rows) {
            const state = await s.state(id);
            if (!state || state.definitionId !== from.id) continue;
            const reasons = planMigration(state, from.process, to.process, mapping);
            if (reasons.length > 0) blocked.push({ instanceId: id, reasons });
            else {
              movable++;
              if (!opts.dryRun) await s.apply(id, { type: 'migrate', definitionId: to.id, version: to.version, mapping }, opts.actor ?? null);
            }
          }
          return { blocked, movable };
        });
        report.movable += batch.movable;
        report.blocked.push(...batch.blocked);
      }
      return report;
    },
    /**
     * After the engine's calendar changed (holidays or make-up working days entered or amended), moves the
     * working-day deadlines of running instances that lie ahead: each keeps the working days it had left,
     * counted on `previous` (the calendar before the change), counted again on the calendar now in force
     * (recount.ts). Deadlines set from now on count on the new calendar anyway. Each batch is one transaction;
     * every moved deadline is a line of its instance's history. Returns how many instances and deadlines moved.
     * Instances are taken in id order from after `after`; `progress`, if given, runs in each batch's transaction
     * with the batch's last id and what it moved (the caller keeps its place there, so a recount cut short goes on
     * where it stopped; one that throws rolls the batch back).
     */
    async recountDeadlines(previous: FlowCalendar, opts: RecountOptions = {}): Promise<{ instances: number; deadlines: number }> {
      const moved = { instances: 0, deadlines: 0 };
      // Running instances with a working-day deadline: an open or suspended task's, a timer's or a warning's, their own.
      const candidates = db.selectFrom('flow_tasks').select('instance_id as id').where('state', 'in', ['open', 'suspended']).where('due_unit', '=', 'wd')
        .union(db.selectFrom('flow_jobs').select('instance_id as id').where('unit', '=', 'wd').where('state', 'in', ['ready', 'suspended']))
        .union(db.selectFrom('flow_instances').select('id').where('status', '=', 'running').where('due_at', 'is not', null));
      let after = opts.after ?? '';
      for (;;) {
        const rows = await db.selectFrom(candidates.as('c')).select('id').where('id', '>', after).orderBy('id').limit(opts.batchSize ?? 500).execute();
        if (rows.length === 0) break;
        const from = after;
        after = rows[rows.length - 1].id as string;
        const batch = await transact(async (s) => {
          let instances = 0;
          let deadlines = 0;
          // The batch's instances in one query (locked in id order where the database locks), not one read each.
          await s.prefetch(rows.map((r) => r.id as string), 'wait');
          for (const { id } of rows) {
            const state = await s.state(id as string);
            if (state?.status !== 'running') continue;
            const moves = movedDeadlines(state, previous, s.now, time);
            const n = Object.keys(moves).length;
            if (n === 0) continue;
            await s.apply(state.id, { type: 'recount', deadlines: moves }, opts.actor ?? null);
            instances++;
            deadlines += n;
          }
          await opts.progress?.(s.db, { from, to: after, instances, deadlines });
          return { instances, deadlines };
        });
        moved.instances += batch.instances;
        moved.deadlines += batch.deadlines;
      }
      return moved;
    },
  };
}

/** Where a deadline recount starts, and what keeps its place (`recountDeadlines`). */
export interface RecountOptions {
  batchSize?: number;
  actor?: string;
  /** Instances with ids after this one only (a recount going on where it stopped). */
  after?: string;
  /** Runs in each batch's transaction: the ids it covered (`from`, exclusive, to `to`) and what it moved. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  progress?: (db: Kysely<any>, batch: { from: string; to: string; instances: number; deadlines: number }) => Promise<void>;
}
