import type { Kysely } from 'kysely';

/** Which SQL the database speaks. PGlite is PostgreSQL compiled to WASM, so it counts as `postgres`. */
export type SqlFamily = 'sqlite' | 'postgres';

/**
 * An open database. Only `src/db` knows which engine is behind `kysely`; code
 * above it writes portable Kysely and asks `family` only in migrations.
 *
 * Conventions every module follows:
 * - ids are text (`usr_01H…`), timestamps are ISO-8601 UTC text, dates `YYYY-MM-DD` text;
 * - money is an integer number of fen in a `bigint` column (read back as a JS number);
 * - booleans are integers 0/1; JSON is text.
 */
export interface Database {
  // Each module narrows this to its own tables with `kysely.withTables<…>()` or a cast.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly kysely: Kysely<any>;
  readonly family: SqlFamily;
  /** `sqlite`, `postgres` or `pglite`: the engine, for logs and tests. */
  readonly engine: 'sqlite' | 'postgres' | 'pglite';
  /** A description without secrets, e.g. `sqlite:data/onething.db`. */
  readonly description: string;
  /** PostgreSQL schema the connection works in, when not the default (`public`); tests use one each. */
  readonly schema?: string;
  close(): Promise<void>;
}
