import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { cleanFileName, fileProblems, sniffMediaType } from './file-content.ts';
import { createFileRepository, type StoredFile } from './files.repository.ts';

export type { StoredFile } from './files.repository.ts';

/**
 * Whether someone other than the uploader may read a file: a module that keeps references to files
 * (a claim's certificate copies) grants its reviewers. Asked only when the actor is not the owner.
 */
export type FileReadGrant = (actor: Actor, file: StoredFile) => Promise<boolean>;

/**
 * Of these file ids, those a module's records point at (a claim's certificate copies), read in the purge's transaction
 * `db`: the purge keeps them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FileReferences = (db: Kysely<any>, ids: readonly string[]) => Promise<ReadonlySet<string>>;

/** Days an upload nothing references is kept (a company may upload a copy well before it applies). */
export const FILE_RETENTION_DAYS = 30;
/** The longest retention a purge may be asked for (a hundred years). */
export const FILE_RETENTION_MAX_DAYS = 36_500;
/** Files looked at per transaction of the purge. */
const PURGE_PAGE = 500;

/** What a purge deleted: upload records, their contents (bytes shared by a kept record stay), and those contents' size. */
export interface PurgeResult {
  files: number;
  blobs: number;
  bytes: number;
}

/** What an upload answers: the file's id to reference it by, and what was stored. */
export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  mediaType: string;
  sha256: string;
}

/**
 * Uploaded files (copies of certificates and other documents): PDF, PNG or JPEG checked by their
 * bytes, at most 10 MB, stored in the database by SHA-256. A file is read by the company (or
 * organisation) that uploaded it and by whoever a module's grant lets in; anyone else is told it does
 * not exist. An upload no module's records point at is deleted once past its retention (`purgeUnreferenced`,
 * daily while the server runs). Every upload, read, refused read and deletion is audited.
 */
export function createFileService(deps: { database: Database; audit: AuditService; clock: Clock; ids: IdGenerator }) {
  const repo = createFileRepository(deps.database);
  const grants: FileReadGrant[] = [];
  const references: FileReferences[] = [];

  const isOwner = (actor: Actor, f: StoredFile) => (f.ownerUscc !== null ? actor.enterpriseUscc === f.ownerUscc : actor.org.id === f.ownerOrgId);

  /**
   * Deletes the uploads older than `retentionDays` that no module references (a copy uploaded and never used in a
   * claim), with their contents where no other upload shares them, a page at a time, each page with its audit
   * entries (`file.purge`, no actor) in one transaction that locks the page's records first (files.repository.ts,
   * `purge`): a module referencing an upload meanwhile locks it too (`lockExisting`), so either the purge sees the
   * reference or the module sees the file gone.
   */
  async function purgeUnreferenced(opts: { retentionDays?: number } = {}): Promise<PurgeResult> {
    const days = opts.retentionDays ?? FILE_RETENTION_DAYS;
    assertNoFieldErrors(Number.isInteger(days) && days >= 1 && days <= FILE_RETENTION_MAX_DAYS ? [] : [{ field: 'retentionDays', rule: 'integer.range', message: `retentionDays must be a whole number of days from 1 to ${FILE_RETENTION_MAX_DAYS}, not ${days}` }], 'Invalid purge');
    const before = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString();
    const out: PurgeResult = { files: 0, blobs: 0, bytes: 0 };
    for (let after = ''; ;) {
      const page = await repo.uploadedBefore(before, after, PURGE_PAGE);
      if (page.length === 0) return out;
      after = page[page.length - 1].id;
      const removed = await repo.purge(page, async (trx, ids) => {
        const held = new Set<string>();
        for (const check of references) for (const id of await check(trx, ids)) held.add(id);
        return held;
      }, async (trx, gone) => {
        for (const f of gone) {
          await deps.audit.record({
            actor: null, action: 'file.purge', target: f.id,
            details: { name: f.name, size: f.size, sha256: f.sha256, ownerUscc: f.ownerUscc, ownerOrgId: f.ownerOrgId, uploadedAt: f.createdAt, retentionDays: days },
          }, trx as unknown as Parameters<AuditService['record']>[1]);
        }
      });
      out.files += removed.files;
      out.blobs += removed.blobs;
      out.bytes += removed.bytes;
    }
  }

  return {
    /** Stores an uploaded file for the actor's company (or organisation). */
    async upload(actor: Actor, input: { name: string; declaredType?: string; bytes: Uint8Array }): Promise<UploadedFile> {
      assertNoFieldErrors(fileProblems(input.bytes, input.declaredType), 'Invalid file');
      const file: StoredFile = {
        id: deps.ids.next('fil'), name: cleanFileName(input.name), mediaType: sniffMediaType(input.bytes)!, size: input.bytes.length,
        sha256: createHash('sha256').update(input.bytes).digest('hex'), ownerUserId: actor.userId, ownerOrgId: actor.org.id,
        ownerUscc: actor.role === 'enterprise' || actor.role === 'agent' ? actor.enterpriseUscc : null, createdAt: deps.clock.now().toISOString(),
      };
      await repo.insert(file, input.bytes);
      await deps.audit.record({ actor, action: 'file.upload', target: file.id, details: { name: file.name, size: file.size, mediaType: file.mediaType, sha256: file.sha256, ownerUscc: file.ownerUscc } });
      return { id: file.id, name: file.name, size: file.size, mediaType: file.mediaType, sha256: file.sha256 };
    },

    /** A file and its bytes, if the actor may read it; otherwise `not_found`, as for a file that does not exist. */
    async open(actor: Actor, id: string): Promise<{ file: StoredFile; bytes: Uint8Array }> {
      const [file] = await repo.find([id]);
      const owner = file !== undefined && isOwner(actor, file);
      let allowed = owner;
      if (file) for (const grant of grants) if (!allowed) allowed = await grant(actor, file);
      const bytes = allowed ? await repo.bytes(file!.sha256) : undefined;
      if (!file || !bytes) {
        await deps.audit.record({ actor, action: 'file.read.refused', target: id, details: { exists: Boolean(file) } });
        throw new AppError('not_found', `No file ${id}`);
      }
      await deps.audit.record({ actor, action: 'file.read', target: id, details: { name: file.name, sha256: file.sha256, owner } });
      return { file, bytes };
    },

    /** The records of files by id, for modules checking references (no access check: the caller decides). */
    find(ids: readonly string[]): Promise<StoredFile[]> {
      return repo.find(ids);
    },

    /** Adds a check of which files a module's records point at: the purge keeps those (wired once at start). */
    referencedBy(check: FileReferences): void {
      references.push(check);
    },

    purgeUnreferenced,

    /** Runs `purgeUnreferenced` now and every `ms` (a day); returns the function that stops it (once a run under way ends). */
    startPurge(ms = 86_400_000, onError?: (err: unknown) => void): () => Promise<void> {
      let running: Promise<void> | undefined;
      const run = () => {
        running ??= purgeUnreferenced().then(() => undefined, (err: unknown) => onError?.(err)).finally(() => (running = undefined));
      };
      const timer = setInterval(run, ms);
      timer.unref();
      run();
      return async () => {
        clearInterval(timer);
        await running;
      };
    },

    /**
     * Of these file ids, those that exist, locked in `trx` against the purge until it ends: a module storing
     * references to uploads asks in the transaction that stores them, and refuses the ids left out.
     */
    lockExisting(trx: Kysely<unknown>, ids: readonly string[]): Promise<string[]> {
      return repo.lockExisting(trx, ids);
    },

    /** Adds a grant letting non-owners read some files (wired once at start). */
    grantReaders(grant: FileReadGrant): void {
      grants.push(grant);
    },
  };
}

/** The file service's interface. */
export type FileService = ReturnType<typeof createFileService>;
