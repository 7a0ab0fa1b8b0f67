import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';

interface DraftsTable {
  id: string; unit_id: string; base_version: number | null; document: string; revision: number; status: string; org_id: string;
  created_by: string; updated_by: string; comment_opened_at: string | null; comment_closes_on: string | null; comment_closed_at: string | null;
  published_version: number | null; created_at: string; updated_at: string;
}
interface CommentsTable {
  id: string; draft_id: string; uscc: string; company_name: string; author_id: string; body: string; created_at: string;
  answer: string | null; answered_by: string | null; answered_at: string | null;
}
interface Tables { policy_drafts: DraftsTable; policy_draft_comments: CommentsTable }

/** Where a draft stands: being edited, published (frozen as a version), or discarded. */
export type DraftStatus = 'editing' | 'published' | 'discarded';

/** A draft of a policy unit: mutable, autosaved, with an optimistic revision. */
export interface Draft {
  id: string;
  unitId: string;
  /** The published version it started from (null: a blank draft). */
  baseVersion: number | null;
  /** The unit document as last saved (may be invalid while the author edits). */
  document: Record<string, unknown>;
  /** Incremented on every save; a save naming an older revision is refused. */
  revision: number;
  status: DraftStatus;
  orgId: string;
  createdBy: string;
  updatedBy: string;
  /** The public-comment period: opened at, closes at the end of a day, closed early. */
  comment: { openedAt: string; closesOn: string; closedAt: string | null } | null;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A company's comment on a draft, with the officials' answer. */
export interface DraftComment {
  id: string;
  draftId: string;
  uscc: string;
  companyName: string;
  authorId: string;
  body: string;
  createdAt: string;
  answer: { text: string; by: string; at: string } | null;
}

function toDraft(r: DraftsTable): Draft {
  return {
    id: r.id, unitId: r.unit_id, baseVersion: r.base_version === null ? null : Number(r.base_version), document: JSON.parse(r.document) as Record<string, unknown>,
    revision: Number(r.revision), status: r.status as DraftStatus, orgId: r.org_id, createdBy: r.created_by, updatedBy: r.updated_by,
    comment: r.comment_opened_at && r.comment_closes_on ? { openedAt: r.comment_opened_at, closesOn: r.comment_closes_on, closedAt: r.comment_closed_at } : null,
    publishedVersion: r.published_version === null ? null : Number(r.published_version), createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function toComment(r: CommentsTable): DraftComment {
  return {
    id: r.id, draftId: r.draft_id, uscc: r.uscc, companyName: r.company_name, authorId: r.author_id, body: r.body, createdAt: r.created_at,
    answer: r.answer !== null && r.answered_by && r.answered_at ? { text: r.answer, by: r.answered_by, at: r.answered_at } : null,
  };
}

/** The only code that touches the drafting tables. */
export function createDraftRepository(database: Database) {
  const db = database.kysely as Kysely<Tables>;
  return {
    async insert(d: Draft): Promise<void> {
      await db.insertInto('policy_drafts').values({
        id: d.id, unit_id: d.unitId, base_version: d.baseVersion, document: JSON.stringify(d.document), revision: d.revision, status: d.status, org_id: d.orgId,
        created_by: d.createdBy, updated_by: d.updatedBy, comment_opened_at: null, comment_closes_on: null, comment_closed_at: null, published_version: null,
        created_at: d.createdAt, updated_at: d.updatedAt,
      }).execute();
    },

    async get(id: string, within: Kysely<Tables> = db): Promise<Draft | undefined> {
      const r = await within.selectFrom('policy_drafts').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toDraft(r);
    },

    /** Drafts of an organisation (every organisation's when `orgId` is undefined), latest edit first. */
    async list(orgId: string | undefined, limit: number): Promise<Draft[]> {
      let q = db.selectFrom('policy_drafts').selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit);
      if (orgId !== undefined) q = q.where('org_id', '=', orgId);
      return (await q.execute()).map(toDraft);
    },

    /** Drafts that were ever opened for public comment, newest period first. */
    async consulted(limit: number): Promise<Draft[]> {
      return (await db.selectFrom('policy_drafts').selectAll().where('comment_opened_at', 'is not', null).orderBy('comment_opened_at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(toDraft);
    },

    /**
     * Saves a document if the draft is still at `revision` (optimistic concurrency): the new
     * revision, or undefined when someone saved in between. RETURNING counts the row on every dialect.
     */
    async saveDocument(id: string, revision: number, document: Record<string, unknown>, unitId: string, by: string, at: string): Promise<number | undefined> {
      const r = await db.updateTable('policy_drafts')
        .set({ document: JSON.stringify(document), unit_id: unitId, revision: revision + 1, updated_by: by, updated_at: at })
        .where('id', '=', id).where('revision', '=', revision).where('status', '=', 'editing')
        .returning('revision').executeTakeFirst();
      return r ? Number(r.revision) : undefined;
    },

    async setComment(id: string, c: { openedAt: string | null; closesOn: string | null; closedAt: string | null }, at: string): Promise<void> {
      await db.updateTable('policy_drafts').set({ comment_opened_at: c.openedAt, comment_closes_on: c.closesOn, comment_closed_at: c.closedAt, updated_at: at }).where('id', '=', id).execute();
    },

    /** Marks a draft published (from `editing` only); false when it no longer was. */
    async markPublished(id: string, version: number, by: string, at: string): Promise<boolean> {
      const r = await db.updateTable('policy_drafts').set({ status: 'published', published_version: version, updated_by: by, updated_at: at })
        .where('id', '=', id).where('status', '=', 'editing').returning('id').executeTakeFirst();
      return r !== undefined;
    },

    async markDiscarded(id: string, by: string, at: string): Promise<boolean> {
      const r = await db.updateTable('policy_drafts').set({ status: 'discarded', updated_by: by, updated_at: at }).where('id', '=', id).where('status', '=', 'editing').returning('id').executeTakeFirst();
      return r !== undefined;
    },

    async insertComment(c: DraftComment): Promise<void> {
      await db.insertInto('policy_draft_comments').values({
        id: c.id, draft_id: c.draftId, uscc: c.uscc, company_name: c.companyName, author_id: c.authorId, body: c.body, created_at: c.createdAt, answer: null, answered_by: null, answered_at: null,
      }).execute();
    },

    async getComment(id: string): Promise<DraftComment | undefined> {
      const r = await db.selectFrom('policy_draft_comments').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toComment(r);
    },

    async comments(draftId: string): Promise<DraftComment[]> {
      return (await db.selectFrom('policy_draft_comments').selectAll().where('draft_id', '=', draftId).orderBy('created_at').orderBy('id').execute()).map(toComment);
    },

    /** The number of comments of each draft (drafts without comments are absent). */
    async commentCounts(draftIds: string[]): Promise<Map<string, number>> {
      if (draftIds.length === 0) return new Map();
      const rows = await db.selectFrom('policy_draft_comments').select(['draft_id', db.fn.countAll<number>().as('n')]).where('draft_id', 'in', draftIds).groupBy('draft_id').execute();
      return new Map(rows.map((r) => [r.draft_id, Number(r.n)]));
    },

    async answer(id: string, text: string, by: string, at: string): Promise<void> {
      await db.updateTable('policy_draft_comments').set({ answer: text, answered_by: by, answered_at: at }).where('id', '=', id).execute();
    },
  };
}

/** The drafting repository's interface. */
export type DraftRepository = ReturnType<typeof createDraftRepository>;
