import { Kysely, PostgresDialect } from 'kysely';
import { COLUMNS } from './sqlite-rows.ts';
import { literal, pgWriteScript } from './pg-rows.ts';
import { FlowError } from './state.ts';
import type { Row } from './store.ts';
import type { StepTx, TxRunner } from './tx.ts';

/** The part of a node-postgres client used here (the driver itself is src/db's to import). */
export interface PgClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Row[] } | Array<{ rows: Row[] }>>;
  release(err?: Error | boolean): void;
}

/** The part of a node-postgres pool used here. */
export interface PgPool {
  connect(): Promise<PgClient>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

// The instance row, with `live` left out when the row is at the history counter the engine has cached.
const INSTANCE_COLUMNS = COLUMNS.flow_instances.filter((c) => c !== 'live').join(',');
const selectInstances = (where: string, knownHseq: number | undefined, lock: 'none' | 'wait' | 'skip') =>
  `select ${INSTANCE_COLUMNS},${knownHseq === undefined ? 'live' : `case when hseq=${knownHseq} then null else live end as live`} from flow_instances where ${where}${lock === 'none' ? '' : lock === 'skip' ? ' for update skip locked' : ' for update'}`;

const lastRows = (r: { rows: Row[] } | Array<{ rows: Row[] }>) => (Array.isArray(r) ? r[r.length - 1].rows : r.rows);

// Kysely bound to one pooled client, for handlers' `ctx.db` and definition reads inside a step; made once per client.
const kyselyByClient = new WeakMap<PgClient, Db>();
function kyselyOn(client: PgClient): Db {
  let k = kyselyByClient.get(client);
  if (!k) {
    const held = { query: (text: string, values?: unknown[]) => client.query(text, values), release: () => {} };
    k = new Kysely({ dialect: new PostgresDialect({ pool: { connect: async () => held, end: async () => {} } as never }) });
    kyselyByClient.set(client, k);
  }
  return k;
}

/**
 * Steps on a PostgreSQL server through node-postgres directly, each round trip one literal simple query:
 * a lone write is one round trip and its own transaction; a step that locks (a job) opens the transaction
 * in the same round trip as its locking read (`begin;select … for update skip locked`), and commits in the
 * same round trip as its write. A cached instance's read leaves out the `live` document when the row is
 * still at the cached history counter.
 */
export function createPgTxRunner(pool: PgPool): TxRunner {
  return async (work) => {
    const client = await pool.connect();
    let open = false;
    let done = false;
    let broken: Error | undefined;
    const run = async (text: string) => {
      try {
        return await client.query(text);
      } catch (err) {
        if (!(err as { code?: unknown }).code) broken = err as Error; // not a server error: the connection may be gone
        throw err;
      }
    };
    const tx: StepTx = {
      get db() {
        return kyselyOn(client);
      },
      locking: true,
      async begin() {
        if (!open) await run('begin');
        open = true;
      },
      async read(id, lock, knownHseq) {
        const text = selectInstances(`id=${literal(id)}`, knownHseq, lock);
        const begin = lock !== 'none' && !open;
        if (begin) open = true; // set first: a failing read leaves the transaction to roll back
        const rows = lastRows(await run(begin ? `begin;${text}` : text));
        return rows[0];
      },
      async readMany(ids, lock) {
        if (ids.length === 0) return [];
        const text = selectInstances(`id in (${ids.map(literal).join(',')}) order by id`, undefined, lock);
        const begin = lock !== 'none' && !open;
        if (begin) open = true; // set first: a failing read leaves the transaction to roll back
        const rows = lastRows(await run(begin ? `begin;${text}` : text));
        return rows;
      },
      async write(ws) {
        if (ws.length === 0) return;
        await run(open ? `${pgWriteScript(ws)};commit` : pgWriteScript(ws));
        done = true;
      },
    };
    try {
      const result = await work(tx);
      if (open && !done) await run('commit');
      return result;
    } catch (err) {
      if (open && !broken) await client.query('rollback').catch((e: Error) => { broken = e; });
      if ((err as { code?: unknown }).code === 'FLOW1') {
        const id = String((err as Error).message).split(' ')[1];
        throw new FlowError('flow.instance.conflict', `instance ${id} changed during the step`, { instanceId: id });
      }
      throw err;
    } finally {
      client.release(broken ?? false);
    }
  };
}
