import {
  createPopulationPool, createSandbox, explainSubject, matchPopulation, readFacts, rowSubject, eligibleSet, evaluateRow, rowReader,
  type AttributeSchema, type ColumnSnapshot, type CompiledUnit, type Explanation, type Facts, type PolicyUnit, type PopulationResult, type SubjectResult,
} from '../../engines/rules/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { dataScopeOf, isInScope, type DataScope } from '../identity/scope.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';
import { endOfDay } from '../registry/period.ts';
import type { RegistryServices } from '../registry/registry.services.ts';
import { createMirrorSnapshot, createSnapshotWriter, rowOf, type MirrorSnapshot } from '../registry/snapshot/mirror-snapshot.ts';
import type { AttributeSpec } from '../registry/catalogue.types.ts';
import { companyJsonOf, companyResultsOf, pickCompanyUnits, type CompanyPick } from './for-company.ts';
import { checkFacts, isDay } from './facts.ts';
import { attributesUsed, policySchema } from './policy-schema.ts';
import type { PolicyRepository, StoredRun } from './policy.repository.ts';
import type { PolicyUnitService } from './policy-units.service.ts';
import { unitProblems } from './policy-units.service.ts';
import { compileAt, regionScoped, scopeDistricts, selectRows, unitsByDistrict, withColumns } from './population.ts';

/** Roles that may evaluate enterprises of the mirror and run population matches and sandboxes (within their data scope). */
export const POPULATION_ROLES = ['platform_admin', 'official', 'department_officer'] as const;
/** How many eligible USCCs a run keeps per unit. */
const SAMPLE = 20;

export { NEAR_MISS_FAILED, NEAR_MISSES } from './for-company.ts';

/** A company's units: eligible ones with amounts, and near misses with why not (see `forCompany`). */
export interface CompanyResults {
  asOf: string;
  eligible: (Pick<SubjectResult, 'id' | 'version' | 'title' | 'amount' | 'amountText'>)[];
  nearMisses: (Pick<SubjectResult, 'id' | 'version' | 'title'> & { why: { zh: string; en: string }[] })[];
}

/**
 * How many conditions of an explanation failed, counted as `whyNot` lists them (no sentence
 * rendered); counting stops past `limit` (a unit far from eligible need not be walked to the end).
 */
export function failures(e: Explanation, limit = Infinity): number {
  if (e.held) return 0;
  if (e.kind === 'condition') return 1;
  if (e.kind === 'not') return e.items.filter((i) => i.kind === 'condition').length;
  let n = 0;
  for (const i of e.items) {
    n += failures(i, limit - n);
    if (n > limit) break;
  }
  return n;
}

/** One unit's figures in a population run. */
export interface UnitMatch {
  id: string;
  version: number;
  title: { zh: string; en: string };
  inForce: boolean;
  count: number;
  totalFen: number;
  /** The first eligible USCCs (in USCC order). */
  sample: string[];
}

/** What a sandbox run answers. */
export interface SandboxAnswer {
  asOf: string;
  population: number;
  count: number;
  totalFen: number;
  breakdown: { dims: [string, string]; cells: { a: string | null; b: string | null; count: number; totalFen: number }[] } | null;
  /** Against the published version of the same unit, when there is one. */
  diff: { replaces: number; gained: number; lost: number; kept: number; gainedSample: string[]; lostSample: string[] } | null;
  sweep: { parameter: string; points: { value: number | string | boolean; count: number; totalFen: number }[] } | null;
}

function badDate(field: string): AppError {
  return new AppError('validation.failed', `${field} is not a date`, { errors: [{ field, rule: 'date.format', message: `${field} is a YYYY-MM-DD date` }] });
}

/** Engine errors about a unit become validation errors of the request. */
function asValidation<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AppError && e.code.startsWith('rules.')) {
      const d = e.details as { errors?: { field: string; rule: string; message: string }[]; field?: string } | undefined;
      throw new AppError('validation.failed', e.message, { errors: d?.errors ?? [{ field: d?.field ?? 'unit', rule: e.code, message: e.message }] });
    }
    throw e;
  }
}

/**
 * Evaluating published units: one subject (posted facts, or an enterprise of the mirror) with
 * explanations; the population of the mirror's columnar snapshot as a background run with
 * progress; and a draft in the sandbox. Population work is limited to the actor's data scope.
 */
export function createPolicyEvaluationService(deps: {
  repository: PolicyRepository; units: PolicyUnitService; registry: RegistryServices; enterprises: EnterpriseRepository;
  audit: AuditService; clock: Clock; ids: IdGenerator;
  /** Worker threads for population runs (default 2); jobs under `poolFrom` unit × subject pairs (default 20 M) run on the calling thread. */
  workers?: number; poolFrom?: number;
}) {
  const repo = deps.repository;
  const today = () => deps.clock.now().toISOString().slice(0, 10);
  const progress = new Map<string, number>();
  // Runs started by this process (so tests and shutdown can wait for them).
  const running = new Set<Promise<void>>();
  // The last snapshot built (one: a million-row snapshot holds hundreds of megabytes), and the
  // empty columns of the supplementary attributes it lacks, kept while its size stays the same.
  let cached: { asOf: string; enterprises: number; mirror: Promise<MirrorSnapshot>; built?: MirrorSnapshot } | undefined;
  let extra: { size: number; snap: ColumnSnapshot } | undefined;

  // The published units compiled for a day, keyed by the publication fingerprint: compiling 1,100
  // units takes tens of milliseconds and "policies for me" evaluates them on every request. A
  // publication (here or on another node) changes the fingerprint, so the next request recompiles.
  // Per district, the units whose region scope covers it: a company's page screens only those.
  let compiledCache: { key: string; attrs: unknown; units: CompiledUnit[]; used: Set<string>; forDistrict: (district: string | null) => CompiledUnit[] } | undefined;

  async function compiledPublished(attrs: readonly AttributeSpec[], schema: AttributeSchema, asOf: string): Promise<NonNullable<typeof compiledCache>> {
    const key = `${await repo.publishedStampRecent(performance.now())}|${asOf}`;
    if (compiledCache?.key === key && compiledCache.attrs === attrs) return compiledCache;
    const published = await repo.publishedUnits();
    const scoped = published.map((v) => regionScoped(v.unit));
    const units = scoped.map((u) => compileAt(u, schema, asOf));
    const scopes = published.map((v) => scopeDistricts(v.unit));
    const entry = { key, attrs, units, used: new Set(scoped.flatMap((u) => [...attributesUsed(u)])), forDistrict: unitsByDistrict(units, (_, k) => scopes[k]) };
    compiledCache = entry;
    return entry;
  }

  // The policy schema of a catalogue (built from its code lists: a tenth of a millisecond a call).
  let schemaCache: { attrs: unknown; schema: AttributeSchema } | undefined;
  const schemaOf = (attrs: readonly AttributeSpec[]): AttributeSchema => {
    if (schemaCache?.attrs !== attrs) schemaCache = { attrs, schema: policySchema(attrs) };
    return schemaCache.schema;
  };
  // How facts are read under a schema (its date, period and enum sets, built once per schema).
  let readerCache: { schema: AttributeSchema; read: ReturnType<typeof rowReader> } | undefined;
  const readerOf = (schema: AttributeSchema) => {
    if (readerCache?.schema !== schema) readerCache = { schema, read: rowReader(schema) };
    return readerCache.read;
  };
  // Refreshing the population snapshot for a single company's read: at most once a second, shared.
  let rowRefresh: { at: number; done: Promise<unknown> } | undefined;

  /**
   * One enterprise's facts from the population snapshot, when one is built for the day (a server
   * that publishes and matches holds it): a row read instead of a one-row snapshot built from the
   * database. Arrivals are applied first (at most a second old). Undefined when there is none.
   */
  async function populationRowFacts(uscc: string, asOf: string): Promise<Facts | undefined> {
    const mirror = cached?.asOf === asOf ? cached.built : undefined;
    if (!mirror) return undefined;
    const t = performance.now();
    if (!rowRefresh || t - rowRefresh.at > 1000) rowRefresh = { at: t, done: deps.registry.snapshots.refresh(mirror).catch(() => undefined) };
    await rowRefresh.done;
    const row = rowOf(mirror, uscc);
    return row < 0 ? undefined : readFacts(mirror.engine, row);
  }

  /**
   * What the mirror knew of one enterprise as of a day (register and every batch arrived by then), in
   * the actor's scope; with `population`, read from the population snapshot when one is held.
   */
  async function enterpriseFacts(actor: Actor, uscc: string, asOf: string, opts: { population?: boolean } = {}): Promise<{ facts: Facts; attrs: readonly AttributeSpec[]; schema: AttributeSchema }> {
    const enterprise = await deps.enterprises.get(dataScopeOf(actor), uscc);
    if (!enterprise) throw new AppError('not_found', `No enterprise ${uscc} in your scope`);
    const catalogue = await deps.registry.catalogue.load();
    const fromPopulation = opts.population ? await populationRowFacts(uscc, asOf) : undefined;
    if (fromPopulation) return { facts: fromPopulation, attrs: catalogue.attributes, schema: schemaOf(catalogue.attributes) };
    // One row, no room for growth (the default leaves room for a thousand more: a hundred kB per call).
    const snap = createMirrorSnapshot(catalogue.attributes, [uscc], asOf, { capacity: 1 });
    const writer = createSnapshotWriter(snap);
    writer.applyRegister(enterprise);
    for (const r of await deps.registry.values.recordsOf(uscc, endOfDay(asOf))) writer.apply({ uscc, period: r.period, effective: r.effective, values: r.values });
    return { facts: readFacts(snap.engine, 0), attrs: catalogue.attributes, schema: schemaOf(catalogue.attributes) };
  }

  function dayOf(asOf: string | undefined, field: string): string {
    if (asOf === undefined) return today();
    if (!isDay(asOf)) throw badDate(field);
    return asOf;
  }

  async function publishedUnits(schema: AttributeSchema, asOf: string): Promise<CompiledUnit[]> {
    const versions = await repo.publishedUnits();
    return versions.map((v) => compileAt(regionScoped(v.unit), schema, asOf));
  }

  function explain(units: CompiledUnit[], facts: Facts, schema: AttributeSchema): SubjectResult[] {
    // Serialised through JSON so sentences are rendered (they render lazily).
    return JSON.parse(JSON.stringify(explainSubject(units, rowSubject(facts, schema), schema))) as SubjectResult[];
  }

  /** The mirror as of a day, on shared memory, refreshed with batches arrived since it was built. */
  async function population(asOf: string): Promise<{ mirror: MirrorSnapshot; engine: ColumnSnapshot }> {
    const count = await deps.enterprises.count();
    if (cached && cached.asOf === asOf && cached.enterprises === count) {
      const mirror = await cached.mirror;
      await deps.registry.snapshots.refresh(mirror);
    } else {
      const entry: NonNullable<typeof cached> = { asOf, enterprises: count, mirror: deps.registry.snapshots.build(asOf, { shared: true }) };
      cached = entry;
      entry.mirror.then((m) => { entry.built = m; }, () => { if (cached === entry) cached = undefined; });
    }
    const mirror = await cached.mirror;
    const schema = policySchema((await deps.registry.catalogue.load()).attributes);
    // The supplementary columns are allocated once per population size and shared by later runs.
    const missing = schema.filter((a) => !(a.key in mirror.engine.columns));
    if (!extra || extra.size !== mirror.engine.size) extra = { size: mirror.engine.size, snap: withColumns({ size: mirror.engine.size, schema: [], columns: {} }, missing, true) };
    const engine = { size: mirror.engine.size, schema: [...mirror.engine.schema, ...missing], columns: { ...mirror.engine.columns } };
    for (const a of missing) engine.columns[a.key] = extra.snap.columns[a.key] ?? withColumns({ size: engine.size, schema: [], columns: {} }, [a], true).columns[a.key];
    return { mirror, engine };
  }

  /** The rows of the snapshot within the actor's scope (null: all of them). */
  async function scopeRows(scope: DataScope, mirror: MirrorSnapshot): Promise<Int32Array | null> {
    if (scope.kind === 'all') return null;
    if (scope.kind === 'none') throw new AppError('auth.forbidden', 'Your role sees no enterprises');
    const rows: number[] = [];
    // The repository applies the scope in SQL; isInScope re-checks each row (one place decides).
    const { items } = await deps.enterprises.list(scope, {}, 1, mirror.usccs.length + 1);
    for (const e of items) if (isInScope(scope, e)) { const r = rowOf(mirror, e.uscc); if (r >= 0) rows.push(r); }
    return Int32Array.from(rows.sort((a, b) => a - b));
  }

  async function scopedPopulation(actor: Actor, asOf: string) {
    const scope = dataScopeOf(actor);
    const { mirror, engine } = await population(asOf);
    const rows = await scopeRows(scope, mirror);
    const snap = rows ? selectRows(engine, rows, true) : engine;
    const usccOf = (i: number) => mirror.usccs[rows ? rows[i] : i];
    return { scope, snap, usccOf, mirror };
  }

  function sampleOf(bits: Uint32Array, usccOf: (i: number) => string): string[] {
    const out: string[] = [];
    for (let w = 0; w < bits.length && out.length < SAMPLE; w++) {
      let x = bits[w];
      while (x !== 0 && out.length < SAMPLE) {
        const low = x & -x;
        out.push(usccOf((w << 5) + 31 - Math.clz32(low)));
        x ^= low;
      }
    }
    return out;
  }

  async function runMatch(id: string, actor: Actor, asOf: string): Promise<void> {
    const { snap, usccOf } = await scopedPopulation(actor, asOf);
    const units = await publishedUnits(snap.schema, asOf);
    const onProgress = (p: number) => progress.set(id, p);
    let result: PopulationResult;
    // Worker threads cost about a second to start: worth it for large jobs only.
    if (snap.size * units.length >= (deps.poolFrom ?? 20_000_000)) {
      const pool = await createPopulationPool({ workers: deps.workers ?? 2 });
      try {
        result = await pool.match(units, snap, { onProgress });
      } finally {
        await pool.close();
      }
    } else result = matchPopulation(units, snap, { onProgress });
    const out: UnitMatch[] = result.units.map((u, i) => ({ id: u.id, version: u.version, title: units[i].title, inForce: units[i].inForce, count: u.count, totalFen: u.totalFen, sample: sampleOf(eligibleSet(result, i), usccOf) }));
    await repo.finishRun(id, { status: 'done', population: snap.size, result: { units: out }, error: null, finishedAt: deps.clock.now().toISOString() });
  }

  /** Screens a company's candidate units (its district's and the unscoped ones) on its facts; audited. */
  async function screenCompany(actor: Actor, uscc: string, purpose?: string): Promise<{ asOf: string; pick: CompanyPick }> {
    const asOf = today();
    // A page, not a decision: the population snapshot's row (at most a second behind) will do.
    const { facts, attrs, schema } = await enterpriseFacts(actor, uscc, asOf, { population: true });
    const { forDistrict, used } = await compiledPublished(attrs, schema, asOf);
    // Units of other districts are neither eligible nor near misses (no figure of the company can change that).
    const pick = pickCompanyUnits(forDistrict(typeof facts.district === 'string' ? facts.district : null), readerOf(schema)(facts), schema);
    await deps.audit.record({ actor, action: 'policy.evaluate', target: uscc, purpose: purpose ?? 'policy.matching', details: { asOf, attributes: [...used].sort(), eligible: pick.eligible.map((e) => e.u.id) } });
    return { asOf, pick };
  }

  const service = {
    /** Every published unit's result for posted facts (checked against the attribute schema), with explanations. */
    async evaluateFacts(facts: unknown, opts: { asOf?: string } = {}): Promise<{ asOf: string; results: SubjectResult[] }> {
      const asOf = dayOf(opts.asOf, 'asOf');
      const schema = await deps.units.schema();
      assertNoFieldErrors(checkFacts(facts, schema), 'Invalid facts');
      return { asOf, results: explain(await publishedUnits(schema, asOf), facts as Facts, schema) };
    },

    /**
     * Every published unit's result for an enterprise of the mirror, from what the mirror knew as of
     * the day (register and every batch arrived by then). Within the actor's scope; audited.
     */
    async evaluateEnterprise(actor: Actor, uscc: string, opts: { asOf?: string; purpose?: string | null } = {}): Promise<{ asOf: string; uscc: string; facts: Facts; results: SubjectResult[] }> {
      const asOf = dayOf(opts.asOf, 'asOf');
      const { facts, attrs, schema } = await enterpriseFacts(actor, uscc, asOf);
      const { units, used } = await compiledPublished(attrs, schema, asOf);
      const results = explain(units, facts, schema);
      // Only the figures the units read are shown back (the explanations show them too).
      const shown: Facts = Object.fromEntries(Object.entries(facts).filter(([k]) => used.has(k)));
      await deps.audit.record({ actor, action: 'policy.evaluate', target: uscc, purpose: opts.purpose ?? 'policy.matching', details: { asOf, attributes: [...used].sort(), eligible: results.filter((r) => r.eligible).map((r) => r.id) } });
      return { asOf, uscc, facts: shown, results };
    },

    /**
     * "Policies for me" for one enterprise of the mirror: the units it is eligible for with the
     * amount, and its near misses — units in force in its district whose conditions fail at most
     * `NEAR_MISS_FAILED` times, the closest `NEAR_MISSES` first — with the sentences of the
     * conditions that failed. Screens the cached compiled units of its district on the company's
     * facts (verdicts, amounts and failed conditions counted, no explanation) and
     * explains only the near misses shown; a unit's full explanation is `evaluateEnterprise`'s.
     * Within the actor's scope; audited.
     */
    async forCompany(actor: Actor, uscc: string, opts: { purpose?: string } = {}): Promise<CompanyResults> {
      const { asOf, pick } = await screenCompany(actor, uscc, opts.purpose);
      return { asOf, ...companyResultsOf(pick) };
    },

    /**
     * `forCompany` as JSON text for the API to send as it is: each unit's identity is written once
     * per published version and the answer composed from those fragments; `modes` gives the
     * approval modes of the eligible units (by id).
     */
    async forCompanyJson(actor: Actor, uscc: string, opts: { purpose?: string; modes: (unitIds: string[]) => Promise<Map<string, string>> }): Promise<{ asOf: string; eligible: string; nearMisses: string }> {
      const { asOf, pick } = await screenCompany(actor, uscc, opts.purpose);
      const modes = await opts.modes(pick.eligible.map((e) => e.u.id));
      return { asOf, ...companyJsonOf(pick, (id) => modes.get(id) ?? null) };
    },

    /** Starts matching every published unit against the population in the actor's scope; poll `run(id)`. */
    async startMatch(actor: Actor, opts: { asOf?: string } = {}): Promise<StoredRun> {
      const asOf = dayOf(opts.asOf, 'asOf');
      const scope = dataScopeOf(actor);
      if (scope.kind === 'none') throw new AppError('auth.forbidden', 'Your role sees no enterprises');
      const run: StoredRun = { id: deps.ids.next('prun'), kind: 'match', status: 'running', asOf, orgId: actor.org.id, requestedBy: actor.userId, scope, population: null, result: null, error: null, startedAt: deps.clock.now().toISOString(), finishedAt: null };
      await repo.insertRun(run);
      progress.set(run.id, 0);
      const job = runMatch(run.id, actor, asOf).catch(async (e: unknown) => {
        await repo.finishRun(run.id, { status: 'failed', population: null, result: null, error: (e as Error).message, finishedAt: deps.clock.now().toISOString() });
      }).finally(() => progress.delete(run.id));
      running.add(job);
      void job.finally(() => running.delete(job));
      return run;
    },

    /** A run with its live progress (0..1) while running; runs of other organisations are not found (administrators see all). */
    async run(actor: Actor, id: string): Promise<StoredRun & { progress: number | null }> {
      const run = await repo.getRun(id);
      if (!run || (actor.role !== 'platform_admin' && run.orgId !== actor.org.id)) throw new AppError('not_found', `No run ${id}`);
      return { ...run, progress: run.status === 'running' ? (progress.get(id) ?? 0) : null };
    },

    /** The latest runs of the actor's organisation (all organisations for an administrator). */
    async runs(actor: Actor, limit = 20): Promise<StoredRun[]> {
      return repo.listRuns(actor.role === 'platform_admin' ? undefined : actor.org.id, limit);
    },

    /**
     * One unit version against the population in the actor's scope (the policy life cycle's
     * publication): each eligible USCC with its amount in fen, and the data it was based on (the
     * as-of day, the population size, the mirror's batch and register watermarks).
     */
    async matchUnit(actor: Actor, unit: PolicyUnit, asOf: string, onProgress?: (share: number) => void): Promise<{ basis: { asOf: string; population: number; watermark: unknown; registerSeq: number }; eligible: { uscc: string[]; amountFen: number[] } }> {
      const { snap, usccOf, mirror } = await scopedPopulation(actor, asOf);
      const compiled = compileAt(regionScoped(unit), snap.schema, asOf);
      const result = matchPopulation([compiled], snap, { onProgress: (p) => onProgress?.(p * 0.5) });
      const bits = eligibleSet(result, 0);
      const read = rowReader(snap.schema);
      // Two arrays, not an object per company: a city-wide unit has a million of them.
      const total = result.units[0].count;
      const uscc = new Array<string>(total);
      const amountFen = new Array<number>(total);
      const b = compiled.benefit;
      let n = 0;
      for (let w = 0; w < bits.length; w++) {
        let x = bits[w];
        while (x !== 0) {
          const low = x & -x;
          const i = (w << 5) + 31 - Math.clz32(low);
          x ^= low;
          // A fixed benefit needs no facts; a formula reads the row back (eligible rows only).
          amountFen[n] = !b ? 0 : b.k === 'fixed' ? b.amount : evaluateRow(compiled, read(readFacts(snap, i))).amount;
          uscc[n++] = usccOf(i);
          if (n % 65536 === 0) onProgress?.(0.5 + (0.5 * n) / total);
        }
      }
      onProgress?.(1);
      return { basis: { asOf, population: snap.size, watermark: mirror.watermark, registerSeq: mirror.register.seq }, eligible: { uscc, amountFen } };
    },

    /** Waits for every run this process started (tests, shutdown). */
    async idle(): Promise<void> {
      await Promise.all([...running]);
    },

    /**
     * A draft against the population in the actor's scope: beneficiaries, cost, a breakdown by two
     * enum attributes, the difference from the published version of the same unit, and optionally
     * a sweep of one parameter.
     */
    async sandbox(actor: Actor, draft: unknown, opts: { asOf?: string; dims?: [string, string]; sweep?: { parameter: string; values: (number | string | boolean)[] } } = {}): Promise<SandboxAnswer> {
      const asOf = dayOf(opts.asOf, 'asOf');
      const schema = await deps.units.schema();
      assertNoFieldErrors(unitProblems(draft, schema).map((e) => ({ ...e, field: `unit${e.field}` })), 'Invalid policy unit');
      const unit = regionScoped(draft as PolicyUnit);
      const dims = opts.dims ?? ['industry', 'district'];
      const byKey = new Map(schema.map((a) => [a.key, a]));
      assertNoFieldErrors(dims.flatMap((d, i) => (byKey.get(d)?.type === 'enum' ? [] : [{ field: `dims.${i}`, rule: 'dimension.enum', message: `${d} is not an enum attribute` }])), 'Invalid dimensions');
      if (opts.sweep && !(draft as PolicyUnit).parameters?.[opts.sweep.parameter])
        throw new AppError('validation.failed', 'Unknown parameter', { errors: [{ field: 'sweep.parameter', rule: 'parameter.unknown', message: `the unit has no parameter ${opts.sweep.parameter}` }] });
      const { snap, usccOf } = await scopedPopulation(actor, asOf);
      const sandbox = createSandbox(snap);
      const published = (await repo.publishedUnits()).find((v) => v.unitId === unit.id);
      const base = published ? compileAt(regionScoped(published.unit), snap.schema, asOf) : undefined;
      const compiled = asValidation(() => compileAt(unit, snap.schema, asOf));
      const r = sandbox.run(compiled, { dims, base, sample: SAMPLE });
      const cells = (r.breakdown?.cells ?? []).filter((c) => c.count > 0).sort((x, y) => y.totalFen - x.totalFen || y.count - x.count).slice(0, 500);
      const sweep = opts.sweep
        ? { parameter: opts.sweep.parameter, points: asValidation(() => sandbox.sweep(unit, opts.sweep!.parameter, opts.sweep!.values, asOf)) }
        : null;
      return {
        asOf, population: snap.size, count: r.count, totalFen: r.totalFen,
        breakdown: r.breakdown ? { dims, cells } : null,
        diff: r.diff && published ? { replaces: published.version, gained: r.diff.gained, lost: r.diff.lost, kept: r.diff.kept, gainedSample: r.diff.gainedSample.map(usccOf), lostSample: r.diff.lostSample.map(usccOf) } : null,
        sweep,
      };
    },
  };
  return service;
}

/** The policy evaluation service's interface. */
export type PolicyEvaluationService = ReturnType<typeof createPolicyEvaluationService>;
