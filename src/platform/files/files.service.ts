import { createHash } from 'node:crypto';
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
 * not exist. Every upload, read and refused read is audited.
 */
export function createFileService(deps: { database: Database; audit: AuditService; clock: Clock; ids: IdGenerator }) {
  const repo = createFileRepository(deps.database);
  const grants: FileReadGrant[] = [];

  const isOwner = (actor: Actor, f: StoredFile) => (f.ownerUscc !== null ? actor.enterpriseUscc === f.ownerUscc : actor.org.id === f.ownerOrgId);

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

    /** Adds a grant letting non-owners read some files (wired once at start). */
    grantReaders(grant: FileReadGrant): void {
      grants.push(grant);
    },
  };
}

/** The file service's interface. */
export type FileService = ReturnType<typeof createFileService>;
