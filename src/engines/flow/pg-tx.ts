import { Kysely, PostgresDialect } from 'kysely';
import { pgWriteBatch, pgWriteStatement, type PgStatement } from './pg-rows.ts';
import { FlowError } from './state.ts';
import { itemSelects, type Row } from './store.ts';
import type { StepTx, TxRunner } from './tx.ts';
import type { PgPipeline } from './pg-pipeline.ts';

type Result = { rows: Row[] };
/** What node-postgres answers a query with. */
export type PgResult = Result;
/** A query as node-postgres takes it: literal text (simple protocol), or a named statement with parameters. */
export type PgQuery = string | { name?: string; text: string; values: unknown[] };

/** The part of a node-postgres client used here (the driver itself is src/db's to import). */
export interface PgClient {
  query(query: PgQuery, values?: unknown[]): Promise<Result | Result[]>;
  release(err?: Error | boolean): void;
  /** node-postgres ≥ 8.23: queries go out without waiting for the previous one's answer (each with its own Sync). */
  pipeline?: boolean;
  connection?: { stream?: { cork?: () => void; uncork?: () => void } };
}

/** The part of a node-postgres pool used here. */
export interface PgPool {
  connect(): Promise<PgClient>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

// The instance row with its live items (`itemSelects`), the items left out when the row is at the history counter the
// engine has cached ($2; null: not cached).
const selectInstances = (where: string, knownHseq: string | undefined, lock: 'none' | 'wait' | 'skip') =>
  `select i.*${itemSelects('postgres', knownHseq === undefined ? undefined : `i.hseq=${knownHseq}`)} from flow_instances i where ${where}${lock === 'none' ? '' : lock === 'skip' ? ' for update of i skip locked' : ' for update of i'}`;
const many = (lock: 'none' | 'wait' | 'skip') => selectInstances('i.id = any($1::text[]) order by i.id', undefined, lock);
const READ_MANY = { none: many('none'), wait: many('wait'), skip: many('skip') };
const READ = { none: selectInstances('i.id=$1', '$2::integer', 'none'), wait: selectInstances('i.id=$1', '$2::integer', 'wait'), skip: selectInstances('i.id=$1', '$2::integer', 'skip') };

// Named statements: a step's statement text depends only on its shape, so a frequent text is prepared once per
// connection (node-postgres remembers what it parsed on each) and the server neither parses nor plans it again.
// A prepared shape costs each connection about 80 KB, so only shapes seen NAME_AFTER times get a name, at most
// MAX_NAMED of them; the rest go unnamed (parsed and planned on each use, still with parameters).
const NAME_AFTER = 20;
const MAX_NAMED = 64;
const names = new Map<string, string>();
const seen = new Map<string, number>();
function named(st: PgStatement): PgQuery {
  let name = names.get(st.text);
  if (!name && names.size < MAX_NAMED) {
    const count = (seen.get(st.text) ?? 0) + 1;
    if (count < NAME_AFTER) {
      if (seen.size >= 10_000) seen.clear();
      seen.set(st.text, count);
    } else {
      seen.delete(st.text);
      names.set(st.text, (name = `flow_${names.size}`));
    }
  }
  return name ? { name, text: st.text, values: st.values } : { text: st.text, values: st.values };
}

// The step holding each client: opens its transaction before the first query through `kyselyOn`.
const stepOf = new WeakMap<PgClient, { begin(): Promise<void> }>();

// Kysely bound to one pooled client, for handlers' `ctx.db` and definition reads inside a step; made once per client.
// Its first query in a step opens the step's transaction, so that work commits with the step (or not at all) and a
// handler that never touches the database costs no `begin`.
const kyselyByClient = new WeakMap<PgClient, Db>();
function kyselyOn(client: PgClient): Db {
  let k = kyselyByClient.get(client);
  if (!k) {
    k = kyselyOver(async () => client);
    kyselyByClient.set(client, k);
  }
  return k;
}

/** Kysely whose queries go to the client `held` gives, each after the step's `begin`. */
function kyselyOver(held: () => Promise<PgClient>): Db {
  const connection = {
    query: async (text: string, values?: unknown[]) => {
      const client = await held();
      await stepOf.get(client)?.begin();
      return client.query(text, values);
    },
    release: () => {},
  };
  return new Kysely({ dialect: new PostgresDialect({ pool: { connect: async () => connection, end: async () => {} } as never }) });
}

/**
 * Sends queries in one round trip: node-postgres's pipeline mode, switched on only while this step holds the
 * client and nothing else is in flight on it, with the socket corked so they leave as one write. Each query has
 * its own Sync; inside a transaction a failure makes the ones after it fail too (and `commit` roll back), so the
 * first failure is the one reported. Returns each query's result.
 */
async function pipelined(client: PgClient, queries: PgQuery[]): Promise<Result[]> {
  if (queries.length === 1 || client.pipeline === undefined) {
    const out: Result[] = [];
    for (const q of queries) out.push((await client.query(q)) as Result);
    return out;
  }
  const stream = client.connection?.stream;
  client.pipeline = true;
  stream?.cork?.();
  let settled: PromiseSettledResult<Result | Result[]>[];
  try {
    const sent = queries.map((q) => client.query(q));
    stream?.uncork?.();
    settled = await Promise.allSettled(sent);
  } finally {
    client.pipeline = false;
  }
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<Result>).value);
}

/**
 * Steps on a PostgreSQL server through node-postgres directly. A step's write is one statement with parameters
 * (`pgWriteStatement`), prepared once per connection and shape. A step whose whole work is that write (and reads
 * without a lock) goes through `pipeline` (shared connections, each query its own transaction) and never holds a
 * pooled connection; without a pipeline it holds one for the step, and a lone write is still one round trip. A
 * step that locks (a job run the locked way) takes a pooled connection and sends `begin` with its locking read
 * (`for update skip locked`), and its write with `commit`, each pair pipelined into one round trip. Work through
 * `db` (handlers' `ctx.db`, definition reads) takes the pooled connection too and sends `begin` before its first
 * query, so it commits with the step's write. A cached instance's read leaves out its items when the row
 * is still at the cached history counter. Writes of several instances at once (group commit) go as one
 * statement with a JSON parameter per table (`pgWriteBatch`), through the pipeline too when no transaction is open.
 */
export function createPgTxRunner(pool: PgPool, pipeline?: PgPipeline): TxRunner {
  return async (work) => {
    let client: PgClient | undefined;
    let connecting: Promise<PgClient> | undefined;
    let open = false;
    let opening: Promise<unknown> | undefined;
    let done = false;
    let broken: Error | undefined;
    // The pooled connection, taken on first need and held until the step ends.
    const held = () => (connecting ??= pool.connect().then((c) => {
      client = c;
      stepOf.set(c, { begin });
      return c;
    }));
    const run = async (queries: PgQuery[]) => {
      const c = client ?? (await held());
      try {
        return await pipelined(c, queries);
      } catch (err) {
        if (!(err as { code?: unknown }).code) broken = err as Error; // not a server error: the connection may be gone
        throw err;
      }
    };
    // Opens the transaction for work through `db`; shared by concurrent callers (a handler's queries in
    // parallel): one `begin`, sent before any of them.
    const begin = async () => {
      if (!open) {
        open = true; // set first: a failing `begin` leaves the transaction to roll back
        opening = run(['begin']);
      }
      await opening;
    };
    let db: Db | undefined;
    const tx: StepTx = {
      get db() {
        // Before the step holds a connection: a Kysely that takes it on its first query (made only for steps that ask).
        return client ? kyselyOn(client) : (db ??= kyselyOver(held));
      },
      locking: true,
      async read(id, lock, knownHseq) {
        const query: PgQuery = { name: `flow_read_${lock}`, text: READ[lock], values: [id, knownHseq ?? null] };
        if (lock === 'none' && !open && pipeline) return (await pipeline.query(query)).rows[0];
        const begin = lock !== 'none' && !open;
        if (begin) open = true; // set first: a failing read leaves the transaction to roll back
        const results = await run(begin ? ['begin', query] : [query]);
        return results[results.length - 1].rows[0];
      },
      async readMany(ids, lock) {
        if (ids.length === 0) return [];
        const query: PgQuery = { name: `flow_read_many_${lock}`, text: READ_MANY[lock], values: [ids] };
        if (lock === 'none' && !open && pipeline) return (await pipeline.query(query)).rows;
        const begin = lock !== 'none' && !open;
        if (begin) open = true; // set first: a failing read leaves the transaction to roll back
        const results = await run(begin ? ['begin', query] : [query]);
        return results[results.length - 1].rows;
      },
      async write(ws) {
        if (ws.length === 0) return;
        const statement = named(ws.length > 1 ? pgWriteBatch(ws) : pgWriteStatement(ws[0]));
        if (!open && pipeline) await pipeline.query(statement);
        else await run(open ? [statement, 'commit'] : [statement]);
        done = true;
      },
    };
    try {
      const result = await work(tx);
      if (open && !done) await run(['commit']);
      return result;
    } catch (err) {
      if (open && client && !broken) await client.query('rollback').catch((e: Error) => { broken = e; });
      if ((err as { code?: unknown }).code === 'FLOW1') {
        const id = String((err as Error).message).split(' ')[1];
        throw new FlowError('flow.instance.conflict', `instance ${id} changed during the step`, { instanceId: id });
      }
      throw err;
    } finally {
      if (connecting) {
        const c = await connecting.catch(() => undefined);
        if (c) {
          stepOf.delete(c);
          c.release(broken ?? false);
        }
      }
    }
  };
}
