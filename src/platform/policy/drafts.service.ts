import type { PolicyUnit } from '../../engines/rules/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import type { BudgetService } from './budget.service.ts';
import type { Draft, DraftRepository } from './drafts.repository.ts';
import type { ApprovalMode, Publication } from './lifecycle.types.ts';
import type { PolicyRepository } from './policy.repository.ts';
import type { PolicyUnitService } from './policy-units.service.ts';
import { assertTestsPass } from './policy-units.service.ts';
import type { PushService } from './push.service.ts';
import { certificateNeedProblems, type CertificateNeed } from './claim-certificates.ts';

/** Roles that draft policy units: the roles that write units (administrators; department officers within their division). */
export const DRAFT_WRITERS = ['platform_admin', 'department_officer'] as const;

/** A unit id as drafts accept it (lower case, digits and hyphens). */
export const UNIT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;

/** A draft with the problems of its document as a unit (empty when it would validate). */
export type CheckedDraft = Draft & { problems: FieldError[] };

/** Throws unless the actor may draft at all. */
export function assertDrafter(actor: Actor): void {
  if (!(DRAFT_WRITERS as readonly string[]).includes(actor.role)) throw new AppError('auth.forbidden', 'Only platform administrators and department officers draft policy units');
}

/** Whether the draft's comment period is open at `now` (opened, not closed, its last day not past). */
export function isCommentOpen(d: Draft, now: Date): boolean {
  return d.comment !== null && d.comment.closedAt === null && now.toISOString().slice(0, 10) <= d.comment.closesOn;
}

/**
 * Drafts of policy units: mutable documents kept apart from the immutable versions, saved with an
 * optimistic revision (autosave), owned by the drafting organisation. Publishing a draft validates
 * it, runs its author tests, then takes the release path: a new immutable version superseding the
 * published one, its settings, the match and the pushes.
 */
export function createDraftService(deps: {
  drafts: DraftRepository; units: PolicyUnitService; unitRepository: PolicyRepository; push: PushService; budget: BudgetService;
  audit: AuditService; clock: Clock; ids: IdGenerator;
}) {
  const repo = deps.drafts;
  const now = () => deps.clock.now().toISOString();

  async function checked(d: Draft): Promise<CheckedDraft> {
    return { ...d, problems: await deps.units.validate(d.document) };
  }

  const service = {
    /** A draft the actor's organisation owns (administrators: any); others are "not found". */
    async owned(actor: Actor, id: string): Promise<Draft> {
      assertDrafter(actor);
      const d = await repo.get(id);
      if (!d || (actor.role !== 'platform_admin' && d.orgId !== actor.org.id)) throw new AppError('not_found', `No draft ${id}`);
      return d;
    },

    /**
     * Starts a draft of `unitId`: from its published version (the next version) when the unit
     * exists, else blank. A unit of another organisation cannot be drafted (403).
     */
    async create(actor: Actor, input: { unitId: string }): Promise<CheckedDraft> {
      assertDrafter(actor);
      const unitId = typeof input.unitId === 'string' ? input.unitId.trim() : '';
      assertNoFieldErrors(UNIT_ID_PATTERN.test(unitId) ? [] : [{ field: 'unitId', rule: 'unitId.pattern', message: 'unitId is 3–64 lower-case letters, digits and hyphens' }], 'Invalid draft');
      const stored = await deps.unitRepository.getUnit(unitId);
      if (stored && actor.role !== 'platform_admin' && stored.ownerOrgId !== actor.org.id) throw new AppError('auth.forbidden', `Unit ${unitId} belongs to another organisation`);
      const base = stored ? await deps.units.get(unitId) : undefined;
      const today = now().slice(0, 10);
      const document: Record<string, unknown> = base
        ? { ...(base.unit as unknown as Record<string, unknown>), version: stored!.latestVersion + 1 }
        : {
          id: unitId, version: 1, title: { zh: unitId, en: unitId }, category: '奖补',
          scope: actor.org.divisionCode ? [actor.org.divisionCode] : [], validFrom: today, eligibility: { and: [] }, benefit: { fixed: 0 }, tests: [],
        };
      const at = now();
      const d: Draft = {
        id: deps.ids.next('pdr'), unitId, baseVersion: base ? base.version : null, document, revision: 1, status: 'editing', orgId: actor.org.id,
        createdBy: actor.userId, updatedBy: actor.userId, comment: null, publishedVersion: null, createdAt: at, updatedAt: at,
      };
      await repo.insert(d);
      await deps.audit.record({ actor, action: 'policy.draft.create', target: d.id, details: { unitId, baseVersion: d.baseVersion } });
      return checked(d);
    },

    /** One of the organisation's drafts, with its document's problems. */
    async get(actor: Actor, id: string): Promise<CheckedDraft> {
      return checked(await service.owned(actor, id));
    },

    /** The organisation's drafts (every organisation's for an administrator), latest edit first. */
    async list(actor: Actor): Promise<Draft[]> {
      assertDrafter(actor);
      return repo.list(actor.role === 'platform_admin' ? undefined : actor.org.id, 100);
    },

    /**
     * Autosave: stores the document if the draft is still at `revision` (else 409 naming the
     * current revision) and returns the draft with the document's problems. The unit id is fixed;
     * the text is frozen while a public-comment period is open.
     */
    async save(actor: Actor, id: string, input: { document: unknown; revision: number }): Promise<CheckedDraft> {
      const d = await service.owned(actor, id);
      const doc = input.document;
      assertNoFieldErrors([
        ...(doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? [] : [{ field: 'document', rule: 'type.object', message: 'document is a policy unit object' }]),
        ...(doc && typeof doc === 'object' && (doc as { id?: unknown }).id !== d.unitId ? [{ field: 'document/id', rule: 'draft.unitId', message: `a draft of ${d.unitId} keeps the id ${d.unitId}` }] : []),
        ...(Number.isSafeInteger(input.revision) && input.revision > 0 ? [] : [{ field: 'revision', rule: 'integer.positive', message: 'revision is the revision the edit started from' }]),
      ], 'Invalid draft');
      if (d.status !== 'editing') throw new AppError('conflict', `Draft ${id} is ${d.status}`, { errors: [{ field: 'status', rule: 'draft.editing', message: `the draft is ${d.status} and no longer changes` }] });
      if (isCommentOpen(d, deps.clock.now())) throw new AppError('conflict', `Draft ${id} is open for public comment`, { errors: [{ field: 'comment', rule: 'draft.commentOpen', message: 'close the public-comment period before editing' }] });
      const revision = await repo.saveDocument(id, input.revision, doc as Record<string, unknown>, d.unitId, actor.userId, now());
      if (revision === undefined) {
        const current = await repo.get(id);
        throw new AppError('conflict', `Draft ${id} was saved by someone else (revision ${current?.revision})`, { errors: [{ field: 'revision', rule: 'revision.current', message: `the draft is at revision ${current?.revision}; reload it` }], revision: current?.revision });
      }
      return checked((await repo.get(id))!);
    },

    /** Discards a draft being edited. */
    async discard(actor: Actor, id: string): Promise<Draft> {
      const d = await service.owned(actor, id);
      if (!(await repo.markDiscarded(id, actor.userId, now()))) throw new AppError('conflict', `Draft ${id} is ${d.status}`);
      await deps.audit.record({ actor, action: 'policy.draft.discard', target: id, details: { unitId: d.unitId } });
      return (await repo.get(id))!;
    },

    /**
     * Publishes a draft: at the revision the author saw, with no comment period open, valid and
     * passing its author tests; it becomes the unit's next immutable version (superseding the
     * published one), gets its approval mode and budget line when given, and is released (match,
     * pushes, apply-free claims) as a background publication.
     */
    async publish(actor: Actor, id: string, input: { revision: number; mode?: ApprovalMode; budgetLineId?: string; certificates?: CertificateNeed[]; asOf?: string }): Promise<{ draft: Draft; publication: Publication }> {
      const d = await service.owned(actor, id);
      if (d.status !== 'editing') throw new AppError('conflict', `Draft ${id} is ${d.status}`, { errors: [{ field: 'status', rule: 'draft.editing', message: `the draft is ${d.status}` }] });
      if (input.revision !== d.revision) throw new AppError('conflict', `Draft ${id} is at revision ${d.revision}`, { errors: [{ field: 'revision', rule: 'revision.current', message: `the draft is at revision ${d.revision}; reload it` }], revision: d.revision });
      if (isCommentOpen(d, deps.clock.now())) throw new AppError('conflict', `Draft ${id} is open for public comment`, { errors: [{ field: 'comment', rule: 'draft.commentOpen', message: 'close the public-comment period before publishing' }] });
      assertNoFieldErrors([
        ...((input.mode === undefined) === (input.budgetLineId === undefined) ? [] : [{ field: input.mode === undefined ? 'mode' : 'budgetLineId', rule: 'settings.pair', message: 'give the approval mode and the budget line together' }]),
        ...(input.certificates !== undefined && input.mode === undefined ? [{ field: 'certificates', rule: 'settings.withMode', message: 'certificates are set with the approval mode and budget line' }] : []),
        ...(input.certificates === undefined ? [] : certificateNeedProblems(input.certificates)),
      ], 'Invalid settings');
      // Settings that would be refused are refused before the unit's next version is saved, not after.
      if (input.mode && input.budgetLineId) assertNoFieldErrors(await deps.budget.settingsProblems(actor, { mode: input.mode, budgetLineId: input.budgetLineId, certificates: input.certificates }), 'Invalid settings');
      const stored = await deps.unitRepository.getUnit(d.unitId);
      const version = (stored?.latestVersion ?? 0) + 1;
      const unit = { ...d.document, version } as unknown as PolicyUnit;
      assertNoFieldErrors(await deps.units.validate(unit), 'Invalid policy unit');
      assertTestsPass(await deps.units.runTests(unit));
      await deps.units.save(actor, unit);
      if (input.mode && input.budgetLineId) await deps.budget.setSettings(actor, d.unitId, { mode: input.mode, budgetLineId: input.budgetLineId, certificates: input.certificates });
      // The draft is marked and read back before the push starts (it matches the whole population in the background).
      let draft: Draft | undefined;
      const publication = await deps.push.publish(actor, d.unitId, version, {
        asOf: input.asOf,
        beforeStart: async (p) => {
          await repo.markPublished(id, version, actor.userId, now());
          await deps.audit.record({ actor, action: 'policy.draft.publish', target: id, details: { unitId: d.unitId, version, publication: p.id, supersedes: stored?.publishedVersion ?? null } });
          draft = (await repo.get(id))!;
        },
      });
      return { draft: draft!, publication };
    },
  };
  return service;
}

/** The draft service's interface. */
export type DraftService = ReturnType<typeof createDraftService>;
