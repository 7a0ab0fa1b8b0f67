import { hostname } from 'node:os';
import { importBpmnAside } from './bpmn-thread.ts';
import { exportBpmn } from './bpmn-export.ts';
import { createFormValidator } from './forms.ts';
import type { FlowDefinition } from './model.ts';
import { InstanceCache, StepSession, type DefinitionCache, type JobClaim } from './session.ts';
import { FlowError, type FlowEvent } from './state.ts';
import { definitionRows } from './store.ts';
import { createTxRunner, type StepTx } from './tx.ts';
import { createGroupCommit, runReachedJobs, type InlineJobs } from './group.ts';
import { createSqlitePipeline } from './sqlite-pipeline.ts';
import { createFlowQueries } from './queries.ts';
import { createInstanceBatches } from './instance-batches.ts';
import type { AlongsideWork, ServiceHandler } from './handlers.ts';
import { createJobSteps, type Verdict } from './job-steps.ts';
import { LatestVersions } from './latest-version.ts';
import type { FlowEngineOptions } from './options.ts';
import type { TimeContext } from './time.ts';

/**
 * Creates a durable BPMN engine on the database: every call is one transaction.
 * @example
 * const flow = createFlowEngine({ database, clock: systemClock, ids: createIdGenerator(), calendar });
 * const def = await flow.deploy(xml);
 * const id = await flow.start(def.key, { variables: { amount: 5 } });
 * await flow.runDueJobs();
 */
export function createFlowEngine(options: FlowEngineOptions) {
  const { database, clock, ids } = options;
  if (options.stepLimit !== undefined && !(Number.isInteger(options.stepLimit) && options.stepLimit > 0)) {
    throw new FlowError('flow.options.invalid', `stepLimit must be a positive integer, not ${options.stepLimit}`, { field: 'stepLimit' });
  }
  const db = database.kysely;
  const time: TimeContext = { calendar: options.calendar, utcOffsetMinutes: options.utcOffsetMinutes ?? 0 };
  const definitions: DefinitionCache = new Map();
  const handlers = { ...options.handlers };
  const forms = createFormValidator(options.forms ?? {});
  const maxAttempts = options.maxAttempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 10_000;
  const { prepareVerdict, jobStep } = createJobSteps({ database, definitions, handlers, rules: options.rules });

  const cache = new InstanceCache(options.cacheSize ?? 20_000);
  const queries = createFlowQueries({ database, definitions, time, clock });
  const pg = database.engine === 'postgres';
  const groupSettings = typeof options.groupCommit === 'object' ? options.groupCommit : {};
  // A failed pipelined commit drops the cache: the batches after it were built on what did not commit.
  const pipeline = options.groupCommit && groupSettings.pipeline !== false && options.fastSqlite !== false ? createSqlitePipeline(database, () => cache.clear()) : undefined;
  // A transaction takes up to 250 steps (SQLite: one lane; PostgreSQL: four). Bigger batches write fewer pages per
  // step (a page a batch dirties is written once per commit), but what a batch allocates stays alive until its
  // commit, and the young generation's collections copy it: on SQLite, 2,000-step batches (pipelined two deep) cost
  // the main thread a fifth more per instance (issue 6: 4,700 → 6,200 instances/s at 250); on PostgreSQL 500 gave
  // about 3,150 and 250 about 3,430. Smaller (100) costs the commit more than it saves.
  const inline = options.inline ?? true;
  const group = options.groupCommit ? { maxBatch: 250, lanes: pg ? 4 : 1, inline, ...groupSettings } : undefined;
  const runTx = createTxRunner(database, options.fastSqlite !== false, pipeline?.drain);
  const concurrency = Math.max(1, options.concurrency ?? (pg && !group ? 8 : 1));
  const claim: JobClaim | undefined = pg && options.jobClaims !== false ? { by: options.jobClaims?.workerId ?? hostname(), leaseMs: options.jobClaims?.leaseMs ?? 30_000 } : undefined;
  // When `runDueJobs` last started (ms of the engine's clock): only an engine that runs jobs claims them.
  let lastRound = -Infinity;
  // Instances whose due jobs a round of `runDueJobs` is running: a concurrent round leaves them alone (a claimed
  // job runs without a lock, so nothing else would keep two rounds of this engine from running it at once).
  const inFlight = new Set<string>();

  /**
   * Work on a fresh session inside `run`'s transaction (`runTx`, or the SQLite pipeline's deferred commit); the
   * cache learns what it committed (or, deferred, will commit), and forgets what it rolled back.
   */
  async function withSession<T, R>(run: (body: (tx: StepTx) => Promise<T>) => Promise<R>, work: (session: StepSession) => Promise<T>): Promise<R> {
    let session: StepSession | undefined;
    try {
      const result = await run(async (tx) => {
        const now = clock.now();
        session = new StepSession(tx, definitions, cache, time, now, claim && now.getTime() - lastRound < claim.leaseMs ? claim : undefined, options.stepLimit);
        const out = await work(session);
        await session.flush();
        return out;
      });
      session!.committed();
      return result;
    } catch (err) {
      session?.discarded();
      throw err;
    }
  }

  /** One transaction holding one session. */
  const runTransaction = <T>(work: (session: StepSession) => Promise<T>): Promise<T> => withSession(runTx, work);

  /** A batch built on the main thread while the pipeline commits the ones before it. */
  const runDeferred = <T>(work: (session: StepSession) => Promise<T>): Promise<{ result: T; committed: Promise<void> }> => withSession(pipeline!.run, work);

  // A step's continuation takes the service jobs whose handler is registered here (another engine's are left to
  // it); business-rule tasks stay jobs, evaluated before their step's transaction opens.
  const handledHere = (data: Readonly<Record<string, unknown>>) => typeof data.handler === 'string' && Object.hasOwn(handlers, data.handler);

  /**
   * One step in a transaction of its own, run again on a lost race. With `continuation`, the service jobs it
   * reaches run in the same transaction; when one fails, the step runs again without them, recording that job's
   * failed attempt (its retry is the worker's), and commits.
   */
  async function transactOnce<T>(work: (session: StepSession) => Promise<T>, continuation = inline && !group): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let failed: { jobId: string; instanceId: string; err: Error } | undefined;
      const run = (s: StepSession, jobId: string, instanceId: string) => jobStep(s, jobId, instanceId).catch((err: Error) => {
        failed = { jobId, instanceId, err };
        throw err;
      });
      try {
        return await runTransaction(!continuation ? work : async (s) => {
          const out = await work(s);
          await runReachedJobs(s, { run, runsHere: handledHere });
          return out;
        });
      } catch (err) {
        if (failed) {
          // The step again, without its continuation: the failed job's attempt is recorded, its retry the worker's.
          const { jobId, instanceId, err: jobErr } = failed;
          const first = work;
          work = async (s) => {
            const out = await first(s);
            await failJob(s, jobId, instanceId, jobErr);
            return out;
          };
          continuation = false;
          attempt--;
          continue;
        }
        // Retry a lost race: another step (or process) changed the instance, or PostgreSQL broke a deadlock
        // (40P01) between a parent and a called child locked in opposite orders.
        const code = (err as { code?: unknown }).code;
        const retryable = code === 'flow.instance.conflict' || code === '40P01' || code === '40001';
        if (!retryable || attempt >= 5) throw err;
      }
    }
  }

  // Set up below, with the jobs a batch runs inline (group commit runs the service jobs its steps reach).
  let grouped: (<T>(work: (session: StepSession) => Promise<T>) => Promise<T>) | undefined;
  function transact<T>(work: (session: StepSession) => Promise<T>): Promise<T> {
    return grouped ? grouped(work) : transactOnce(work);
  }

  // The latest version of each key, looked up at most a second ago (latest-version.ts).
  const latest = new LatestVersions(db);

  type StartOptions = { variables?: Record<string, unknown>; businessKey?: string; version?: number; actor?: string; alongside?: AlongsideWork };
  // Starts, completions and other steps are no async functions of their own around their step: with group commit
  // thousands of callers wait at once, and every scavenge copies what each keeps alive meanwhile (a suspended async
  // function's frame, promise and closures). Without that layer a group-commit run of 20,000 issue-6 instances
  // promoted 13–24% fewer bytes to the old generation and paused 5–16% less for scavenges (docs/benchmarks.md,
  // session 16).
  /** Starts an instance of `def`; resolves with its id once its step committed. */
  function startOf(def: FlowDefinition, opts: StartOptions): Promise<string> {
    const id = ids.next('fi');
    return transact(async (s) => {
      await s.create(def, id, opts.variables ?? {}, opts.businessKey ?? null, opts.actor ?? null);
      await opts.alongside?.(s.db, id);
    }).then(() => id);
  }
  async function lookUpAndStart(key: string, opts: StartOptions): Promise<string> {
    const defId = opts.version === undefined ? await latest.lookUp(key) : await definitionRows.idOf(db, key, opts.version);
    let def = defId ? definitions.get(defId) : undefined;
    if (defId && !def) def = await latest.definition(defId);
    if (!def) throw new FlowError('flow.definition.notFound', `process ${key} is not deployed`, { key });
    definitions.set(def.id, def);
    return startOf(def, opts);
  }

  const instanceOf = (childId: string) => childId.slice(0, childId.lastIndexOf('.'));

  function step(instanceId: string, event: FlowEvent, actor: string | null, alongside?: AlongsideWork): Promise<void> {
    return transact(async (s) => {
      await s.apply(instanceId, event, actor);
      await alongside?.(s.db, instanceId);
    });
  }

  async function deploy(xml: string, opts: { processId?: string } = {}): Promise<FlowDefinition> {
    const process = await importBpmnAside(xml, opts);
    const deployed = await db.transaction().execute(async (tx) => {
      const latest = await definitionRows.byKey(tx, process.key, 'latest');
      if (latest && latest.xml === xml) return latest;
      const def: FlowDefinition = { id: ids.next('fdef'), key: process.key, version: (latest?.version ?? 0) + 1, name: process.name, xml, process, createdAt: clock.now().toISOString() };
      await definitionRows.insert(tx, def);
      return def;
    });
    // Once committed: a look-up that ran while the transaction was open (on another connection) saw the version before.
    latest.forget(process.key);
    return deployed;
  }

  // Group commit's inline jobs: business-rule tasks too (evaluated in the batch's transaction), and handlers registered here.
  const groupInline: InlineJobs = { run: jobStep, runsHere: (data) => typeof data.decision === 'string' || handledHere(data) };
  if (group) grouped = createGroupCommit(group, runTransaction, (work) => transactOnce(work, false), groupInline, pipeline && { run: runDeferred, room: pipeline.room });

  async function runJob(jobId: string, instanceId: string, lock: 'none' | 'skip'): Promise<boolean> {
    try {
      const verdict = await prepareVerdict(jobId, instanceId);
      return await transactOnce((s) => jobStep(s, jobId, instanceId, verdict, lock));
    } catch (err) {
      await recordFailure(jobId, instanceId, err as Error);
      return true;
    }
  }

  const recordFailure = (jobId: string, instanceId: string, err: Error) => transact((s) => failJob(s, jobId, instanceId, err));

  /** Records a failed attempt of a job: a retry later (doubling delays), or an incident after the last attempt. */
  async function failJob(s: StepSession, jobId: string, instanceId: string, err: Error): Promise<void> {
    const job = (await s.state(instanceId))?.jobs.get(jobId);
    if (!job || job.state !== 'ready') return;
    const retryAt = job.attempts + 1 >= maxAttempts ? null : new Date(s.now.getTime() + retryDelayMs * 2 ** job.attempts).toISOString();
    await s.apply(instanceId, { type: 'jobFailed', jobId, error: `${err.name}: ${err.message}`.slice(0, 2000), retryAt }, null);
  }

  return {
    ...queries,
    ...createInstanceBatches({ db, time, transact }),
    deploy,
    /** The definition of a key: its latest version, or the one asked for. */
    async getDefinition(key: string, version: number | 'latest' = 'latest'): Promise<FlowDefinition | undefined> {
      return definitionRows.byKey(db, key, version);
    },
    /** The BPMN XML of a stored definition, formatted by bpmn-moddle. */
    async exportDefinition(key: string, version: number | 'latest' = 'latest'): Promise<string> {
      const def = await definitionRows.byKey(db, key, version);
      if (!def) throw new FlowError('flow.definition.notFound', `process ${key} version ${version} is not deployed`, { key });
      return exportBpmn(def.xml);
    },
    /** Starts an instance of the latest (or a given) version; returns its id. `alongside` writes the caller's rows in its transaction. */
    start(key: string, opts: StartOptions = {}): Promise<string> {
      // The latest version looked up within the second and loaded: started without waiting for a look-up.
      const known = opts.version === undefined ? latest.now(key) : undefined;
      const def = known === undefined ? undefined : definitions.get(known);
      return def ? startOf(def, opts) : lookUpAndStart(key, opts);
    },
    /** Completes a task with form data (validated against its form's JSON Schema). */
    completeTask(taskId: string, data: Record<string, unknown>, actor: string | null = null): Promise<void> {
      const instanceId = instanceOf(taskId);
      return transact(async (s) => {
        const state = await s.state(instanceId);
        const task = state?.tasks.get(taskId);
        if (state && task) forms.validate((await s.definition(state.definitionId)).process.nodes[task.elementId], data);
        await s.apply(instanceId, { type: 'completeTask', taskId, data }, actor);
      });
    },
    /** Takes a task into the actor's own inbox. */
    claimTask: (taskId: string, actor: string) => step(instanceOf(taskId), { type: 'claimTask', taskId }, actor),
    /** Hands a task to another user. */
    delegateTask: (taskId: string, to: string, actor: string) => step(instanceOf(taskId), { type: 'delegateTask', taskId, to }, actor),
    /** Returns a task for correction (or waits for a notice, an appraisal…): its time limit stops until `resumeTask`. */
    suspendTask: (taskId: string, reason: string, actor: string | null = null, alongside?: AlongsideWork) => step(instanceOf(taskId), { type: 'suspendTask', taskId, reason }, actor, alongside),
    /** Restarts a suspended task's clock; its deadline and timers move by the time it stood still. */
    resumeTask: (taskId: string, actor: string | null = null, alongside?: AlongsideWork) => step(instanceOf(taskId), { type: 'resumeTask', taskId }, actor, alongside),
    /** Cancels a running instance and everything it waits on. */
    cancelInstance: (instanceId: string, reason: string, actor: string | null = null) => step(instanceId, { type: 'cancel', reason }, actor),
    /**
     * Delivers a message to every instance waiting for it with this correlation key,
     * or starts the process whose message start event has its name; returns the instance ids.
     */
    async correlateMessage(name: string, correlationKey: string | null, variables: Record<string, unknown> = {}): Promise<string[]> {
      let q = db.selectFrom('flow_subscriptions').select(['id', 'instance_id']).where('message_name', '=', name);
      q = correlationKey === null ? q.where('correlation_key', 'is', null) : q.where('correlation_key', '=', correlationKey);
      const subs = await q.orderBy('created_at').execute();
      for (const sub of subs) await step(sub.instance_id, { type: 'message', subscriptionId: sub.id, variables }, null);
      if (subs.length > 0) return [...new Set(subs.map((sub) => sub.instance_id as string))];
      const starters = (await definitionRows.latestAll(db)).filter((d) => d.process.messageStarts[name]);
      const started: string[] = [];
      for (const def of starters) {
        const id = ids.next('fi');
        await transact((s) => s.create(def, id, variables, correlationKey, null, undefined, def.process.messageStarts[name]));
        started.push(id);
      }
      if (started.length === 0) throw new FlowError('flow.message.unmatched', `no instance waits for message "${name}" with key ${correlationKey}`, { name, correlationKey });
      return started;
    },
    /**
     * Runs due service jobs and timers, oldest first, each in its own transaction; returns how many ran.
     * Jobs another engine claimed are left to it until their lease ends (`jobClaims`).
     */
    async runDueJobs(limit = 100): Promise<number> {
      const at = clock.now();
      lastRound = at.getTime();
      const now = at.toISOString();
      const mine = claim?.by ?? null;
      const due = await db.selectFrom('flow_jobs').select(['id', 'instance_id', 'claimed_by', 'claimed_until']).where('state', '=', 'ready').where('due_at', '<=', now)
        .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_until', '<=', now), eb('claimed_by', '=', mine)]))
        .orderBy('due_at').limit(limit).execute();
      let ran = 0;
      if (group && due.length > 0) {
        // One work item for the whole round: the instances are read (and locked) in one query.
        const verdicts = new Map<string, Verdict>();
        if (options.rules) for (const j of due) { const v = await prepareVerdict(j.id, j.instance_id); if (v) verdicts.set(j.id, v); }
        const done = await transact(async (s) => {
          await s.prefetch(due.map((j) => j.instance_id as string), 'skip');
          const out: boolean[] = [];
          for (const j of due) out.push(await jobStep(s, j.id, j.instance_id, verdicts.get(j.id)));
          return out;
        }).catch(() => undefined);
        if (done) return done.filter(Boolean).length;
      }
      {
        // Instances run side by side, one instance's jobs one after another (they would wait on its lock).
        const byInstance = new Map<string, typeof due>();
        for (const j of due) {
          if (inFlight.has(j.instance_id)) continue;
          const list = byInstance.get(j.instance_id);
          if (list) list.push(j);
          else byInstance.set(j.instance_id, [j]);
        }
        for (const id of byInstance.keys()) inFlight.add(id);
        const groups = [...byInstance.values()];
        let next = 0;
        await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, async () => {
          while (next < groups.length) {
            const jobs = groups[next++];
            try {
              for (const j of jobs) if (await runJob(j.id, j.instance_id, j.claimed_by === mine && j.claimed_until > now ? 'none' : 'skip')) ran++;
            } finally {
              inFlight.delete(jobs[0].instance_id);
            }
          }
        }));
      }
      return ran;
    },
    /** Runs due jobs until none is left (tests, scripts); stops after `maxRounds`. */
    async drain(maxRounds = 1000): Promise<number> {
      let total = 0;
      for (let i = 0; i < maxRounds; i++) {
        const n = await this.runDueJobs();
        if (n === 0) break;
        total += n;
      }
      return total;
    },
    /** Registers (or replaces) a handler by name. */
    registerHandler(name: string, handler: ServiceHandler): void {
      handlers[name] = handler;
    },
  };
}

/** A flow engine as createFlowEngine returns it. */
export type FlowEngine = ReturnType<typeof createFlowEngine>;
