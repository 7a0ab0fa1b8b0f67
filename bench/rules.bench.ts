// Rules engine bench (issue 4): `npm run bench -- rules [--subjects 1000000] [--units 1100]
// [--workers 2] [--peer-units 100] [--peer-subjects 100000] [--jre-subjects 10000] [--seed 42]
// [--single] [--no-peers] [--clustered] [--explain-subjects 2000]`. Prints figures, then `RESULT {json}` as the last line.
import { loadavg } from 'node:os';
import jsonLogic from 'json-logic-js';
import { Engine } from 'json-rules-engine';
import { ZenEngine } from '@gorules/zen-engine';
import { compileUnit, indexAttributes, validateUnit } from '../src/engines/rules/compile.ts';
import { isoToDays } from '../src/engines/rules/dates.ts';
import { explainSubject } from '../src/engines/rules/explain.ts';
import type { CompiledUnit, Node } from '../src/engines/rules/ir.ts';
import { createPopulationPool } from '../src/engines/rules/population-pool.ts';
import { eligibleSet, matchPopulation } from '../src/engines/rules/population.ts';
import { rowReader } from '../src/engines/rules/row-eval.ts';
import { createSandbox, withParameter } from '../src/engines/rules/sandbox.ts';
import { readFacts, type ColumnSnapshot } from '../src/engines/rules/snapshot.ts';
import { benchPopulation, benchSchema, benchUnits, rng } from './rules/generate.ts';
import { flatFacts, toJsonLogic, toRulesEngine, toZen, type Flat } from './rules/peers.ts';

function arg(name: string, def: number): number {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return def;
  const v = process.argv[i].includes('=') ? process.argv[i].split('=')[1] : process.argv[i + 1];
  return Number(v);
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const ms = (t: number) => Math.round((performance.now() - t) * 100) / 100;
const log = (s: string) => process.stdout.write(`${s}\n`);

const SUBJECTS = arg('subjects', 1_000_000);
const UNITS = arg('units', 1100);
const WORKERS = arg('workers', 2);
const SEED = arg('seed', 42);
const PEER_UNITS = arg('peer-units', 100);
const PEER_SUBJECTS = Math.min(SUBJECTS, arg('peer-subjects', 100_000));
// json-rules-engine runs ~0.02–0.07 M pairs/s: 100 × 100,000 would take over ten minutes.
const JRE_SUBJECTS = Math.min(PEER_SUBJECTS, arg('jre-subjects', 10_000));
const AS_OF = '2025-06-30';
const result: Record<string, unknown> = { subjects: SUBJECTS, units: UNITS, workers: WORKERS, seed: SEED, load_avg_start: loadavg()[0] };

// Workload.
const schema = benchSchema();
let t = performance.now();
const units = benchUnits(UNITS, SEED);
const invalid = units.filter((u) => validateUnit(u, schema).length > 0).length;
result.validate_all_ms = ms(t);
const conds = units.map((u) => ((u.eligibility as { and: unknown[] }).and ?? []).length);
log(`units: ${UNITS} (invalid ${invalid}), conditions avg ${(conds.reduce((a, b) => a + b, 0) / UNITS).toFixed(2)} (min ${Math.min(...conds)}, max ${Math.max(...conds)}), validate all ${result.validate_all_ms} ms`);
const attrs = indexAttributes(schema);
const compileTimes: number[] = [];
let compiled: CompiledUnit[] = [];
for (let rep = 0; rep < 5; rep++) {
  t = performance.now();
  compiled = units.map((u) => compileUnit(u, attrs, AS_OF));
  compileTimes.push(ms(t));
}
result.compile_s = median(compileTimes) / 1000;
log(`compile ${UNITS} units: median ${median(compileTimes)} ms (${compileTimes.join(', ')})`);
t = performance.now();
const CLUSTERED = flag('clustered');
result.order = CLUSTERED ? 'district, sector' : 'random';
const snap = benchPopulation(schema, SUBJECTS, SEED + 1, true, CLUSTERED);
log(`population (${result.order} order): ${SUBJECTS} subjects × ${schema.length} attributes (${Object.values(snap.columns).reduce((s, c) => s + c.periods.length, 0)} columns) in ${ms(t)} ms`);

const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);
result.rss_after_population_mb = rssMb();

// Full population match on worker threads.
t = performance.now();
const pool = await createPopulationPool({ workers: WORKERS });
result.pool_start_ms = ms(t);
const fullTimes: number[] = [];
const fullCpu: number[] = [];
let full = await pool.match(compiled, snap);
for (let rep = 0; rep < 3; rep++) {
  t = performance.now();
  const c0 = process.cpuUsage();
  // Each run writes into the previous result, as a server re-matching would (one result's memory).
  full = await pool.match(compiled, snap, { into: full });
  fullTimes.push(ms(t));
  fullCpu.push(Math.round(process.cpuUsage(c0).user / 1000));
}
// On a shared machine wall time includes waiting for a core; CPU time (all threads) does not.
result.full_match_cpu_s = median(fullCpu) / 1000;
const eligiblePairs = full.units.reduce((s, u) => s + u.count, 0);
result.full_match_s = median(fullTimes) / 1000;
result.full_match_runs_ms = fullTimes;
result.pair_evals_per_s = Math.round((UNITS * SUBJECTS) / (result.full_match_s as number));
log(`full match (${WORKERS} workers, pool start ${result.pool_start_ms} ms): median ${median(fullTimes)} ms (${fullTimes.join(', ')}), CPU ${median(fullCpu)} ms over all threads; ${eligiblePairs} eligible pairs; ${(result.pair_evals_per_s as number / 1e6).toFixed(1)} M pair-evaluations/s`);
if (flag('single')) {
  t = performance.now();
  matchPopulation(compiled, snap);
  result.full_match_1thread_s = ms(t) / 1000;
  log(`full match on one thread: ${result.full_match_1thread_s} s`);
}

result.rss_after_match_mb = rssMb();

// One subject × every unit with explanations: 200 subjects to warm up, then three rounds of EXPLAIN_N
// timed one after another with nothing in between (garbage collections included, as a server would see
// them). A round's p99 moves with where the collections fall: the median round is reported, all three beside.
const EXPLAIN_N = arg('explain-subjects', 2000);
const EXPLAIN_ROUNDS = 3;
const read = rowReader(schema);
const r = rng(SEED + 2);
let conditionsExplained = 0;
const rounds: { p50: number; p99: number; max: number; cpuMs: number; cpuP99: number }[] = [];
for (let k = 0; k < 200; k++) {
  const res = explainSubject(compiled, read(readFacts(snap, Math.floor(r() * SUBJECTS))), attrs);
  if (k === 0) conditionsExplained = JSON.stringify(res).split('"kind":"condition"').length - 1;
}
for (let round = 0; round < EXPLAIN_ROUNDS; round++) {
  const times: number[] = [];
  // CPU time of the process per call (this thread and V8's helper threads): what the call costs
  // when it is not waiting for a core, garbage collections included.
  const cpuTimes: number[] = [];
  let cpuUser = 0;
  for (let k = 0; k < EXPLAIN_N; k++) {
    const i = Math.floor(r() * SUBJECTS);
    t = performance.now();
    const c0 = process.cpuUsage();
    explainSubject(compiled, read(readFacts(snap, i)), attrs);
    const dt = ms(t);
    const cpu = process.cpuUsage(c0);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    times.push(dt);
    cpuUser += cpu.user;
  }
  rounds.push({ p50: pct(times, 0.5), p99: pct(times, 0.99), max: pct(times, 1), cpuMs: Math.round(cpuUser / EXPLAIN_N) / 1000, cpuP99: Math.round(pct(cpuTimes, 0.99) * 100) / 100 });
}
const medianRound = [...rounds].sort((a, b) => a.p99 - b.p99)[Math.floor(EXPLAIN_ROUNDS / 2)];
result.explain_subjects = EXPLAIN_N;
result.explain_rounds = EXPLAIN_ROUNDS;
result.explain_p50_ms = medianRound.p50;
result.explain_p99_ms = medianRound.p99;
result.explain_p99_rounds_ms = rounds.map((x) => x.p99);
result.explain_max_ms = medianRound.max;
result.explain_cpu_ms = medianRound.cpuMs;
result.explain_cpu_p99_ms = medianRound.cpuP99;
log(`explain one subject × ${UNITS} units (${conditionsExplained} conditions; values, thresholds and verdicts, sentences rendered on read), ${EXPLAIN_ROUNDS} rounds of ${EXPLAIN_N} subjects, median round: p50 ${result.explain_p50_ms} ms, p99 ${result.explain_p99_ms} ms (rounds ${rounds.map((x) => x.p99).join(', ')} ms), max ${result.explain_max_ms} ms, CPU ${result.explain_cpu_ms} ms/subject (p99 ${result.explain_cpu_p99_ms} ms)`);
// The same followed by JSON.stringify, which renders every sentence in both languages: what a
// reply carrying the whole explanation costs.
const jsonTimes: number[] = [];
let jsonBytes = 0;
for (let k = 0; k < 300; k++) {
  const i = Math.floor(r() * SUBJECTS);
  t = performance.now();
  const json = JSON.stringify(explainSubject(compiled, read(readFacts(snap, i)), attrs));
  jsonTimes.push(ms(t));
  jsonBytes = json.length;
}
result.explain_json_p50_ms = pct(jsonTimes, 0.5);
result.explain_json_p99_ms = pct(jsonTimes, 0.99);
log(`explain + JSON with every sentence (${Math.round(jsonBytes / 1024)} KiB), 300 subjects: p50 ${result.explain_json_p50_ms} ms, p99 ${result.explain_json_p99_ms} ms`);

// Sandbox: a draft (one threshold changed) against the population, cold memo each time.
const withParams = units.map((u, k) => [u, k] as const).filter(([u]) => Object.keys(u.parameters ?? {}).length > 0);
const sandboxTimes: number[] = [];
const sandboxCpu: number[] = [];
let lastSandbox: ReturnType<ReturnType<typeof createSandbox>['run']> | undefined;
// One sandbox serves every draft, as on a server; its memo is cleared before each draft, so every
// node is computed afresh (the memory is reused).
let sb = createSandbox(snap);
for (const [u, k] of withParams.slice(0, 11)) {
  const name = Object.keys(u.parameters!)[0];
  const v = u.parameters![name].values.at(-1)!.value as number;
  sb.clear();
  t = performance.now();
  const c0 = process.cpuUsage();
  const draft = compileUnit(withParameter(u, name, Math.round(v * 0.8 * 100) / 100), attrs, AS_OF);
  lastSandbox = sb.run(draft, { dims: ['sector', 'district'], base: eligibleSet(full, k) });
  sandboxTimes.push(ms(t));
  sandboxCpu.push(Math.round(process.cpuUsage(c0).user / 100) / 10);
}
result.sandbox_ms = median(sandboxTimes.slice(1));
result.sandbox_cpu_ms = median(sandboxCpu.slice(1));
log(`sandbox (compile draft + match ${SUBJECTS} + sector × district breakdown + diff, memo cleared before each): median ${result.sandbox_ms} ms (${sandboxTimes.join(', ')}), CPU median ${result.sandbox_cpu_ms} ms; last: ${lastSandbox?.count} eligible, +${lastSandbox?.diff?.gained} −${lastSandbox?.diff?.lost}, ${lastSandbox?.breakdown?.cells.length} cells`);
const sweepTimes: number[] = [];
for (const [u] of withParams.slice(0, 3)) {
  const name = Object.keys(u.parameters!)[0];
  const v = u.parameters![name].values.at(-1)!.value as number;
  sb.clear();
  t = performance.now();
  sb.sweep(u, name, Array.from({ length: 50 }, (_, i) => (u.parameters![name].kind === 'money' ? Math.round(v * (0.5 + i / 49)) : v * (0.5 + i / 49))), AS_OF);
  sweepTimes.push(ms(t));
}
result.sweep_ms = median(sweepTimes);
log(`50-point parameter sweep: median ${result.sweep_ms} ms (${sweepTimes.join(', ')})`);

result.rss_after_sandbox_mb = rssMb();
log(`RSS after the population ${result.rss_after_population_mb} MB, after the match ${result.rss_after_match_mb} MB, after explain and sandbox ${result.rss_after_sandbox_mb} MB`);

// The peers below need neither the sandbox's memory nor the full result: dropping the references
// lets the collector free them (≈ 330 MB) when the peers' objects need room.
// eslint-disable-next-line no-useless-assignment -- read by the garbage collector, not by code
sb = undefined as unknown as typeof sb;
// eslint-disable-next-line no-useless-assignment -- idem
full = undefined as unknown as typeof full;

// Peak RSS of the engine's own work (snapshot, pool, explain, sandbox), before the peers' fact objects:
// the issue's `peak_rss_mb` figure. The process's peak with the peers is reported beside it.
result.peak_rss_engine_mb = Math.round(process.resourceUsage().maxRSS / 1024);
result.peak_rss_mb = result.peak_rss_engine_mb;
log(`peak RSS before the peers: ${result.peak_rss_engine_mb} MB`);

// Peers side by side on a subset.
if (!flag('no-peers')) {
  const sub: ColumnSnapshot = { size: PEER_SUBJECTS, schema, columns: Object.fromEntries(Object.entries(snap.columns).map(([k, c]) => [k, { ...c, periods: c.periods.map((p) => p.subarray(0, PEER_SUBJECTS)) }])) as ColumnSnapshot['columns'] };
  const peerUnits = compiled.slice(0, PEER_UNITS);
  const pairs = PEER_UNITS * PEER_SUBJECTS;
  t = performance.now();
  const ours = matchPopulation(peerUnits, sub);
  const oursS = ms(t) / 1000;
  const oursCounts = ours.units.map((u) => u.count);
  const periodic = new Set(schema.filter((a) => (a.periods ?? 1) > 1).map((a) => a.key));
  const flat = flatFacts(snap, PEER_SUBJECTS, isoToDays(AS_OF));
  const peers: Record<string, { pairs_per_s: number; mismatched_units: number; subjects: number }> = {};
  const check = (counts: number[], n: number) => counts.filter((c, u) => c !== (n === PEER_SUBJECTS ? oursCounts[u] : countPrefix(ours, u, n))).length;
  peers.onething = { pairs_per_s: Math.round(pairs / oursS), mismatched_units: 0, subjects: PEER_SUBJECTS };
  log(`peers on ${PEER_UNITS} units × ${PEER_SUBJECTS} subjects — onething (1 thread): ${(pairs / oursS / 1e6).toFixed(2)} M pairs/s`);

  const jl = peerUnits.map((u) => toJsonLogic(u.eligibility, periodic));
  t = performance.now();
  const jlCounts = jl.map((rule) => { let c = 0; for (const f of flat) if (jsonLogic.apply(rule as never, f) === true) c++; return c; });
  const jlS = ms(t) / 1000;
  peers['json-logic-js'] = { pairs_per_s: Math.round(pairs / jlS), mismatched_units: check(jlCounts, PEER_SUBJECTS), subjects: PEER_SUBJECTS };
  log(`  json-logic-js: ${(pairs / jlS / 1e6).toFixed(3)} M pairs/s, ${peers['json-logic-js'].mismatched_units} units with different counts`);

  // zen-engine: one decision graph whose expression node holds every unit (one call per subject);
  // evaluateExpressionSync re-parses its expression on every call (measured ~0.006 M pairs/s).
  const zenContent = {
    nodes: [
      { id: 'in', type: 'inputNode', name: 'in', position: { x: 0, y: 0 } },
      { id: 'units', type: 'expressionNode', name: 'units', position: { x: 1, y: 0 }, content: { expressions: peerUnits.map((u, k) => ({ id: `x${k}`, key: `u${k}`, value: toZen(u.eligibility, periodic) })) } },
      { id: 'out', type: 'outputNode', name: 'out', position: { x: 2, y: 0 } },
    ],
    edges: [{ id: 'a', sourceId: 'in', targetId: 'units', type: 'edge' }, { id: 'b', sourceId: 'units', targetId: 'out', type: 'edge' }],
  };
  const decision = new ZenEngine().createDecision(zenContent as never);
  const zenCounts = new Array(PEER_UNITS).fill(0);
  t = performance.now();
  for (const f of flat) {
    const { result: out } = await decision.evaluate(f);
    for (let k = 0; k < PEER_UNITS; k++) if (out[`u${k}`] === true) zenCounts[k]++;
  }
  const zenS = ms(t) / 1000;
  peers['zen-engine'] = { pairs_per_s: Math.round(pairs / zenS), mismatched_units: check(zenCounts, PEER_SUBJECTS), subjects: PEER_SUBJECTS };
  log(`  @gorules/zen-engine (decision graph, expression node): ${(pairs / zenS / 1e6).toFixed(3)} M pairs/s, ${peers['zen-engine'].mismatched_units} units with different counts`);

  const engine = new Engine([], { allowUndefinedFacts: true });
  let current: Flat = {};
  let derived = 0;
  const derive = (n: Node) => {
    const name = `derived_${derived++}`;
    const rule = toJsonLogic(n, periodic);
    engine.addFact(name, () => jsonLogic.apply(rule as never, current));
    return name;
  };
  peerUnits.forEach((u, k) => engine.addRule({ conditions: toRulesEngine({ k: 'and', xs: [u.eligibility], key: '', t: 'bool', d: 'bool' }, periodic, derive) as never, event: { type: String(k) } }));
  const jreCounts = new Array(PEER_UNITS).fill(0);
  t = performance.now();
  for (let i = 0; i < JRE_SUBJECTS; i++) {
    current = flat[i];
    const { events } = await engine.run(current);
    for (const e of events) jreCounts[Number(e.type)]++;
  }
  const jreS = ms(t) / 1000;
  peers['json-rules-engine'] = { pairs_per_s: Math.round((PEER_UNITS * JRE_SUBJECTS) / jreS), mismatched_units: check(jreCounts, JRE_SUBJECTS), subjects: JRE_SUBJECTS };
  log(`  json-rules-engine: ${(PEER_UNITS * JRE_SUBJECTS / jreS / 1e6).toFixed(3)} M pairs/s on ${JRE_SUBJECTS} subjects, ${peers['json-rules-engine'].mismatched_units} units with different counts`);
  for (const [k, v] of Object.entries(peers)) if (k !== 'onething') log(`  ratio onething / ${k}: ${(peers.onething.pairs_per_s / v.pairs_per_s).toFixed(0)}×`);
  result.peers = peers;
}

await pool.close();
result.peak_rss_with_peers_mb = Math.round(process.resourceUsage().maxRSS / 1024);
result.load_avg_end = loadavg()[0];
log(`peak RSS ${result.peak_rss_engine_mb} MB for the engine's work, ${result.peak_rss_with_peers_mb} MB with the peers' fact objects; load average ${result.load_avg_start} → ${result.load_avg_end} (2 cores, shared with other work)`);
log(`RESULT ${JSON.stringify(result)}`);

function countPrefix(res: ReturnType<typeof matchPopulation>, u: number, n: number): number {
  const bits = eligibleSet(res, u);
  let c = 0;
  for (let i = 0; i < n; i++) if ((bits[i >>> 5] >>> (i & 31)) & 1) c++;
  return c;
}
