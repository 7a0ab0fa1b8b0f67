import { sql, type RawBuilder } from 'kysely';
import { binaryType, type ModuleMigration } from '../../db/index.ts';

/**
 * Tables of the ledger engine. Several logs share them, keyed by `log_id`.
 * - `ledger_logs`: one row per log (origin, hash suite, committed size and root);
 * - `ledger_entries`: the leaves' data and leaf hashes, by index;
 * - `ledger_leaf_index`: leaf hash → index, for logs created with `lookupByLeafHash`;
 * - `ledger_tiles`: the tree as height-8 tiles (see tiles.ts), full and partial;
 * - `ledger_checkpoints`: signed (and cosigned) checkpoints by size;
 * - `ledger_witness_state`: per witness and origin, the last checkpoint it cosigned;
 * - `ledger_anchors`: exported anchors.
 */
export const ledgerMigrations: ModuleMigration[] = [
  {
    name: '0400_ledger_tables',
    async up(db, family) {
      const bin = binaryType(family);
      // SQLite: keep entries and tiles in their primary-key B-tree (one tree less to update per append).
      const clustered = <T extends { modifyEnd(s: RawBuilder<unknown>): T }>(b: T): T => (family === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b);
      await db.schema.createTable('ledger_logs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('origin', 'text', (c) => c.notNull().unique())
        .addColumn('hash_suite', 'text', (c) => c.notNull())
        .addColumn('lookup_by_leaf_hash', 'integer', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('root_hash', bin, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('ledger_entries')
        .addColumn('log_id', 'text', (c) => c.notNull().references('ledger_logs.id'))
        .addColumn('idx', 'bigint', (c) => c.notNull())
        .addColumn('leaf_hash', bin, (c) => c.notNull())
        .addColumn('data', bin, (c) => c.notNull())
        .addColumn('appended_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_entries_pk', ['log_id', 'idx'])
        .$call(clustered)
        .execute();
      // Lookup by fingerprint, only for logs that ask for it (random B-tree inserts cost ~10 µs per append).
      await db.schema.createTable('ledger_leaf_index')
        .addColumn('leaf_hash', bin, (c) => c.notNull())
        .addColumn('log_id', 'text', (c) => c.notNull().references('ledger_logs.id'))
        .addColumn('idx', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_leaf_index_pk', ['leaf_hash', 'log_id', 'idx'])
        .$call(clustered)
        .execute();
      await db.schema.createTable('ledger_tiles')
        .addColumn('log_id', 'text', (c) => c.notNull().references('ledger_logs.id'))
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('tile_index', 'bigint', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('hashes', bin, (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_tiles_pk', ['log_id', 'level', 'tile_index'])
        .$call(clustered)
        .execute();
      await db.schema.createTable('ledger_checkpoints')
        .addColumn('log_id', 'text', (c) => c.notNull().references('ledger_logs.id'))
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('cosignatures', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_checkpoints_pk', ['log_id', 'size'])
        .execute();
      await db.schema.createTable('ledger_witness_state')
        .addColumn('witness', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('root_hash', bin, (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_witness_state_pk', ['witness', 'origin'])
        .execute();
      await db.schema.createTable('ledger_anchors')
        .addColumn('log_id', 'text', (c) => c.notNull().references('ledger_logs.id'))
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('exported_at', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_anchors_pk', ['log_id', 'exported_at'])
        .execute();
    },
  },
];
