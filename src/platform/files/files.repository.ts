import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';

interface FilesTable { id: string; owner_user_id: string; owner_org_id: string; owner_uscc: string | null; name: string; media_type: string; size: number; sha256: string; created_at: string }
interface BlobsTable { sha256: string; size: number; bytes: Uint8Array }
/** The tables of uploaded files. */
export interface FileTables { files: FilesTable; file_blobs: BlobsTable }

/** An uploaded file's record (its bytes are read apart). */
export interface StoredFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  ownerUserId: string;
  ownerOrgId: string;
  /** The company it was uploaded for (its users and agents); null: uploaded by an organisation. */
  ownerUscc: string | null;
  createdAt: string;
}

const toFile = (r: FilesTable): StoredFile => ({
  id: r.id, name: r.name, mediaType: r.media_type, size: Number(r.size), sha256: r.sha256, ownerUserId: r.owner_user_id, ownerOrgId: r.owner_org_id, ownerUscc: r.owner_uscc, createdAt: r.created_at,
});

/** The only code that reads and writes the file tables. */
export function createFileRepository(database: Database) {
  const db = database.kysely as Kysely<FileTables>;
  return {
    /** Stores a file: its bytes once per hash (a second upload of the same bytes shares them), its record always. */
    async insert(file: StoredFile, bytes: Uint8Array): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('file_blobs').values({ sha256: file.sha256, size: file.size, bytes }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
        await trx.insertInto('files').values({
          id: file.id, owner_user_id: file.ownerUserId, owner_org_id: file.ownerOrgId, owner_uscc: file.ownerUscc, name: file.name, media_type: file.mediaType, size: file.size, sha256: file.sha256, created_at: file.createdAt,
        }).execute();
      });
    },

    /** The records of the files with these ids (unknown ids are left out). */
    async find(ids: readonly string[]): Promise<StoredFile[]> {
      if (ids.length === 0) return [];
      return (await db.selectFrom('files').selectAll().where('id', 'in', [...ids]).execute()).map(toFile);
    },

    /** Up to `limit` files uploaded before `before` (ISO time), by id after `after`: one page of a walk over them. */
    async uploadedBefore(before: string, after: string, limit: number): Promise<StoredFile[]> {
      return (await db.selectFrom('files').selectAll().where('created_at', '<', before).where('id', '>', after).orderBy('id').limit(limit).execute()).map(toFile);
    },

    /**
     * Deletes those of `candidates` still there that `keep` does not hold on to, and the bytes no other record shares,
     * in one transaction: the records are locked first (PostgreSQL: `for update`; SQLite's transactions run one at a
     * time), so a reference a module makes meanwhile (`lockExisting` in its own transaction) is either seen by `keep`
     * or made after the record is gone, and refused. `alongside` writes in the transaction too (the audit entries).
     */
    async purge(
      candidates: readonly StoredFile[],
      keep: (trx: Kysely<FileTables>, ids: string[]) => Promise<ReadonlySet<string>>,
      alongside: (trx: Kysely<FileTables>, gone: StoredFile[]) => Promise<void>,
    ): Promise<{ files: number; blobs: number; bytes: number }> {
      if (candidates.length === 0) return { files: 0, blobs: 0, bytes: 0 };
      return db.transaction().execute(async (trx) => {
        let q = trx.selectFrom('files').select('id').where('id', 'in', candidates.map((f) => f.id));
        if (database.family === 'postgres') q = q.forUpdate();
        const present = new Set((await q.execute()).map((r) => r.id));
        const held = await keep(trx, [...present]);
        const gone = candidates.filter((f) => present.has(f.id) && !held.has(f.id));
        if (gone.length === 0) return { files: 0, blobs: 0, bytes: 0 };
        await trx.deleteFrom('files').where('id', 'in', gone.map((f) => f.id)).execute();
        const hashes = [...new Set(gone.map((f) => f.sha256))];
        const shared = new Set((await trx.selectFrom('files').select('sha256').distinct().where('sha256', 'in', hashes).execute()).map((r) => r.sha256));
        const unshared = hashes.filter((h) => !shared.has(h));
        let bytes = 0;
        if (unshared.length > 0) {
          for (const r of await trx.selectFrom('file_blobs').select('size').where('sha256', 'in', unshared).execute()) bytes += Number(r.size);
          await trx.deleteFrom('file_blobs').where('sha256', 'in', unshared).execute();
        }
        await alongside(trx, gone);
        return { files: gone.length, blobs: unshared.length, bytes };
      });
    },

    /**
     * Of these file ids, those whose records exist, read in `trx` (a module's transaction storing references to them)
     * and locked there against the purge until it ends (PostgreSQL: `for share`; on SQLite transactions run one at a time).
     */
    async lockExisting(trx: Kysely<unknown>, ids: readonly string[]): Promise<string[]> {
      if (ids.length === 0) return [];
      let q = (trx as unknown as Kysely<FileTables>).selectFrom('files').select('id').where('id', 'in', [...ids]);
      if (database.family === 'postgres') q = q.forShare();
      return (await q.execute()).map((r) => r.id);
    },

    /** The bytes stored under a hash. */
    async bytes(sha256: string): Promise<Uint8Array | undefined> {
      const r = await db.selectFrom('file_blobs').select('bytes').where('sha256', '=', sha256).executeTakeFirst();
      return r?.bytes;
    },
  };
}

/** The file repository's interface. */
export type FileRepository = ReturnType<typeof createFileRepository>;
