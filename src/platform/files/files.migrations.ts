import { binaryType, type ModuleMigration } from '../../db/index.ts';

/**
 * Uploaded files: one row per upload (who, which company, name, type) over content-addressed bytes
 * (one blob per SHA-256, however often it is uploaded).
 */
export const fileMigrations: ModuleMigration[] = [
  {
    name: '1200_files_init',
    async up(db, family) {
      await db.schema
        .createTable('file_blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('bytes', binaryType(family), (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner_user_id', 'text', (c) => c.notNull())
        .addColumn('owner_org_id', 'text', (c) => c.notNull())
        .addColumn('owner_uscc', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull().references('file_blobs.sha256'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    // The daily purge walks the uploads past their retention (files.service.ts, purgeUnreferenced); blobs are found by
    // hash when a record goes (is another record still on them?).
    name: '1201_files_created_at',
    async up(db) {
      await db.schema.createIndex('files_created_at').on('files').column('created_at').execute();
      await db.schema.createIndex('files_sha256').on('files').column('sha256').execute();
    },
  },
];
