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

    /** The bytes stored under a hash. */
    async bytes(sha256: string): Promise<Uint8Array | undefined> {
      const r = await db.selectFrom('file_blobs').select('bytes').where('sha256', '=', sha256).executeTakeFirst();
      return r?.bytes;
    },
  };
}

/** The file repository's interface. */
export type FileRepository = ReturnType<typeof createFileRepository>;
