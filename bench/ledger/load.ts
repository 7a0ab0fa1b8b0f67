// Append load generators of the ledger bench: closed loop (N appenders each awaiting its append),
// open loop (a fixed offered rate), and HTTP (Fastify on loopback, same process).
import http from 'node:http';
import Fastify from 'fastify';
import type { LedgerLog } from '../../src/engines/ledger/index.ts';

/** p-quantile of a list (nearest rank). */
export const pct = (xs: number[], p: number): number => {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};
/** The largest value (Math.max(...xs) overflows the stack for long lists). */
export const maxOf = (xs: readonly number[]): number => xs.reduce((m, x) => (x > m ? x : m), -Infinity);
/** Rounds to 2 decimals. */
export const r2 = (x: number): number => Math.round(x * 100) / 100;
const encoder = new TextEncoder();
/** The bench's entry i: a JSON fingerprint record of ~100 bytes. */
export const entry = (i: number): Uint8Array => encoder.encode(`{"fingerprint":"${i.toString(16).padStart(64, '0')}","owner":"org_${i % 977}"}`);

/** Every committed batch's transaction time and size (LedgerLogOptions.onCommit). */
export const commits: { entries: number; ms: number }[] = [];
/** Writer options that record into `commits`. */
export const recordCommits = { onCommit: (c: { entries: number; ms: number }) => void commits.push(c) };

/**
 * `clients` loops each appending and awaiting; returns appends/s and the latency of each append
 * from enqueue to durable acknowledgement (its promise resolving after the commit).
 */
export async function closedLoop(target: LedgerLog, total: number, clients: number) {
  const latencies: number[] = [];
  commits.length = 0;
  // Entry i always sits at index i, so proofs can be checked against entry(index).
  const offset = target.head().size;
  let next = offset;
  const end = total + offset;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < end) {
      const i = next++;
      const t = performance.now();
      await target.append(entry(i));
      latencies.push(performance.now() - t);
    }
  }));
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    perS: Math.round(total / s),
    // CPU time (all threads) per append: the machine-load-independent cost.
    cpu_us_per_append: r2((cpu.user + cpu.system) / total),
    ack_p50_ms: r2(pct(latencies, 0.5)), ack_p99_ms: r2(pct(latencies, 0.99)), ack_max_ms: r2(maxOf(latencies)),
    tx_p50_ms: r2(pct(commits.map((c) => c.ms), 0.5)), tx_p99_ms: r2(pct(commits.map((c) => c.ms), 0.99)),
    batch_median: pct(commits.map((c) => c.entries), 0.5), batch_max: maxOf(commits.map((c) => c.entries)), transactions: commits.length,
  };
}

/**
 * Offers `rate` appends/s for `seconds` regardless of how fast they are acknowledged (open loop).
 * Latency counts from each append's scheduled time, so a stalled event loop (a synchronous
 * commit) is charged to the appends it delayed (no coordinated omission).
 */
export async function openLoop(target: LedgerLog, rate: number, seconds: number) {
  const latencies: number[] = [];
  const offset = target.head().size;
  const total = Math.round(rate * seconds);
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  let issued = 0;
  while (issued < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    for (; issued < due; issued++) {
      const scheduled = t0 + (issued / rate) * 1000;
      pending.push(target.append(entry(offset + issued)).then(() => void latencies.push(performance.now() - scheduled)));
    }
    await new Promise((r) => setImmediate(r));
  }
  await Promise.all(pending);
  const s = (performance.now() - t0) / 1000;
  return { offered_per_s: rate, achieved_per_s: Math.round(total / s), ack_p50_ms: r2(pct(latencies, 0.5)), ack_p99_ms: r2(pct(latencies, 0.99)), ack_max_ms: r2(maxOf(latencies)) };
}

function post(agent: http.Agent, port: number, body: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, port, host: '127.0.0.1', method: 'POST', path: '/append', headers: { 'content-type': 'application/octet-stream', 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Appends/s over HTTP: a Fastify route calling append(), `clients` keep-alive connections. */
export async function httpLoad(target: LedgerLog, total: number, clients: number): Promise<number> {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/append', async (req) => ({ index: (await target.append(new Uint8Array(req.body as Buffer))).index }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const offset = target.head().size;
  let next = offset;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < offset + total) await post(agent, port, entry(next++));
  }));
  const perS = Math.round(total / ((performance.now() - t0) / 1000));
  agent.destroy();
  await app.close();
  return perS;
}
