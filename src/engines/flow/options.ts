import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { FormRegistry } from './forms.ts';
import type { ServiceHandler, RulesEvaluator } from './handlers.ts';
import type { TaskRow } from './state.ts';
import type { FlowCalendar } from './time.ts';

/** The engine's dependencies. */
export interface FlowEngineOptions {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  calendar: FlowCalendar;
  /** Local time zone offset for working-day arithmetic (480 for UTC+8); default 0. */
  utcOffsetMinutes?: number;
  handlers?: Record<string, ServiceHandler>;
  rules?: RulesEvaluator;
  forms?: FormRegistry;
  /** Attempts before a failing job becomes an incident (default 3), and the first retry delay (default 10 s, doubling). */
  maxAttempts?: number;
  retryDelayMs?: number;
  /**
   * Write steps through prepared statements (SQLite) or one literal script per step (PostgreSQL server);
   * default true; false forces Kysely everywhere.
   */
  fastSqlite?: boolean;
  /** Instances kept in memory as last committed, so steps need not read them back (default 20,000). */
  cacheSize?: number;
  /**
   * Group commit: concurrent steps share one transaction (up to `maxBatch`, default 250; `lanes`
   * transactions at once, default 1 on SQLite and 4 on PostgreSQL). A step's promise resolves only after
   * its transaction committed. With `inline` (default true) the service tasks a batch reaches run in the
   * same transaction, as a synchronous continuation. On an SQLite file, with `pipeline` (default true), a second
   * thread commits each batch while the next one is built (sqlite-pipeline.ts). Off by default: every step is its
   * own transaction.
   */
  groupCommit?: boolean | { maxBatch?: number; lanes?: number; inline?: boolean; pipeline?: boolean };
  /**
   * Synchronous continuation (default true): the service tasks a step reaches run in that step's transaction,
   * right after it, each its own input in history, so a step runs from one wait state to the next (a user task, a
   * timer, a message, a business-rule task, a task marked `onething:async="true"`). When one of them fails
   * (anything but a `BpmnError`), the step runs again without them and commits, and they are left as jobs to
   * `runDueJobs` (its retries, its incidents): a caller's step never fails because of a handler. Business-rule
   * tasks stay jobs, evaluated before their step's transaction opens (an evaluator may read the database). false:
   * every service task is a job of its own, run by `runDueJobs` in a step of its own. Group commit takes its
   * `inline` from here unless it sets one (and runs business-rule tasks inline too).
   */
  inline?: boolean;
  /**
   * Elements one step may enter before it fails with `flow.step.endless` and writes nothing (default 1,000,000):
   * the stop for a cycle the import could not tell endless, and for a multi-instance loop too large to hold in one
   * transaction (run it sequentially, or with a wait in its body).
   */
  stepLimit?: number;
  /** Due jobs `runDueJobs` runs at once, each in its own transaction (default 1 on SQLite, 8 on PostgreSQL). */
  concurrency?: number;
  /**
   * Job claims (PostgreSQL server; on by default there, ignored elsewhere). A step of an engine that runs jobs
   * (it called `runDueJobs` within the lease) claims the service jobs it makes ready for `workerId` until `leaseMs`
   * later (default 30 s), in the rows it writes anyway. The claimer runs them without locking the instance: no
   * `begin` and no locking read, a cached instance not read at all, the write one `hseq`-checked statement.
   * Other engines skip the job until the lease ends, then take it as an unclaimed one (`FOR UPDATE SKIP LOCKED`).
   * `workerId` defaults to the host name, so a worker restarted on its host runs its claimed jobs at once: give
   * each of several workers on one host (or engines in one process) an id of its own. A handler slower than the
   * lease may run twice at once (the claimer and a worker that took the job after expiry); only one of them
   * commits (the `hseq` check), the other's database work rolls back, and external calls are what
   * `idempotencyKey` is for.
   */
  jobClaims?: false | { workerId?: string; leaseMs?: number };
}

/** Which tasks to list: an inbox is `{ roles, orgs }` or `{ assignee }`. */
export interface TaskFilter {
  roles?: string[];
  orgs?: string[];
  assignee?: string;
  instanceId?: string;
  states?: TaskRow['state'][];
  limit?: number;
}
