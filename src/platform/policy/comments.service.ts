import { compileUnit, describeUnit, type PolicyUnit, type UnitDescription } from '../../engines/rules/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { dataScopeOf } from '../identity/scope.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';
import { isDay } from './facts.ts';
import type { Draft, DraftComment, DraftRepository } from './drafts.repository.ts';
import { isCommentOpen, type DraftService } from './drafts.service.ts';
import type { PolicyUnitService } from './policy-units.service.ts';

/** The longest public-comment period, in days (a notice usually runs 30). */
export const MAX_COMMENT_DAYS = 90;
/** The longest comment or answer, in characters. */
export const MAX_COMMENT_LENGTH = 2000;

/** A draft under (or after) public comment as anyone may read it. */
export interface Consultation {
  draftId: string;
  unitId: string;
  title: { zh: string; en: string };
  category: string | null;
  source: unknown;
  validFrom: string | null;
  validTo: string | null;
  scope: string[];
  period: { openedAt: string; closesOn: string; closedAt: string | null; open: boolean };
  /** The unit in plain language (null when the text cannot be compiled). */
  plain: UnitDescription | null;
  comments: DraftComment[];
}

function text(field: string, value: unknown): string {
  const s = typeof value === 'string' ? value.trim() : '';
  assertNoFieldErrors([
    ...(s.length > 0 ? [] : [{ field, rule: 'required', message: `${field} is required` }]),
    ...(s.length > MAX_COMMENT_LENGTH ? [{ field, rule: 'maxLength', message: `${field} has at most ${MAX_COMMENT_LENGTH} characters` }] : []),
  ]);
  return s;
}

/**
 * Public comment on drafts (征求意见): the drafting organisation opens a period (until a day) and
 * closes it; companies read the draft in plain language — its conditions as the rules engine's
 * sentences — and comment; the organisation answers each comment; comments and answers are public.
 */
export function createCommentService(deps: {
  drafts: DraftRepository; draftService: DraftService; units: PolicyUnitService; enterprises: EnterpriseRepository; audit: AuditService; clock: Clock; ids: IdGenerator;
}) {
  const repo = deps.drafts;
  const now = () => deps.clock.now().toISOString();

  async function plain(d: Draft): Promise<UnitDescription | null> {
    const unit = d.document as unknown as PolicyUnit;
    const today = now().slice(0, 10);
    const asOf = typeof unit.validFrom === 'string' && unit.validFrom > today ? unit.validFrom : today;
    try {
      return describeUnit(compileUnit(unit, await deps.units.schema(), asOf), await deps.units.schema());
    } catch (e) {
      if (e instanceof AppError) return null;
      throw e;
    }
  }

  function summary(d: Draft): Omit<Consultation, 'plain' | 'comments'> {
    const u = d.document as Partial<PolicyUnit>;
    return {
      draftId: d.id, unitId: d.unitId, title: u.title ?? { zh: d.unitId, en: d.unitId }, category: u.category ?? null, source: u.source ?? null,
      validFrom: u.validFrom ?? null, validTo: u.validTo ?? null, scope: u.scope ?? [],
      period: { ...d.comment!, open: isCommentOpen(d, deps.clock.now()) },
    };
  }

  async function opened(id: string): Promise<Draft> {
    const d = await repo.get(id);
    if (!d || d.comment === null) throw new AppError('not_found', `No draft ${id} under public comment`);
    return d;
  }

  const service = {
    /**
     * Opens a draft for public comment until the end of `closesOn` (after today, at most 90 days
     * ahead). The document must be a valid unit: the public reads what would be published.
     */
    async open(actor: Actor, draftId: string, input: { closesOn: string }): Promise<Draft> {
      const d = await deps.draftService.owned(actor, draftId);
      const today = now().slice(0, 10);
      const limit = new Date(Date.parse(`${today}T00:00:00Z`) + MAX_COMMENT_DAYS * 86_400_000).toISOString().slice(0, 10);
      assertNoFieldErrors(
        !isDay(input.closesOn) ? [{ field: 'closesOn', rule: 'date.format', message: 'closesOn is a YYYY-MM-DD date' }]
          : input.closesOn <= today ? [{ field: 'closesOn', rule: 'date.future', message: `closesOn is after today (${today})` }]
            : input.closesOn > limit ? [{ field: 'closesOn', rule: 'date.maxPeriod', message: `a comment period lasts at most ${MAX_COMMENT_DAYS} days (until ${limit})` }] : [],
        'Invalid comment period',
      );
      if (d.status !== 'editing') throw new AppError('conflict', `Draft ${draftId} is ${d.status}`, { errors: [{ field: 'status', rule: 'draft.editing', message: `the draft is ${d.status}` }] });
      if (isCommentOpen(d, deps.clock.now())) throw new AppError('conflict', `Draft ${draftId} is already open for comment`, { errors: [{ field: 'comment', rule: 'draft.commentOpen', message: `open until ${d.comment!.closesOn}` }] });
      assertNoFieldErrors((await deps.units.validate(d.document)).map((e) => ({ ...e, field: `document${e.field}` })), 'Only a valid unit is opened for comment');
      await repo.setComment(draftId, { openedAt: now(), closesOn: input.closesOn, closedAt: null }, now());
      await deps.audit.record({ actor, action: 'policy.draft.comment.open', target: draftId, details: { closesOn: input.closesOn } });
      return (await repo.get(draftId))!;
    },

    /** Closes an open comment period now. */
    async close(actor: Actor, draftId: string): Promise<Draft> {
      const d = await deps.draftService.owned(actor, draftId);
      if (!isCommentOpen(d, deps.clock.now())) throw new AppError('conflict', `Draft ${draftId} is not open for comment`, { errors: [{ field: 'comment', rule: 'draft.commentOpen', message: 'the comment period is not open' }] });
      await repo.setComment(draftId, { openedAt: d.comment!.openedAt, closesOn: d.comment!.closesOn, closedAt: now() }, now());
      await deps.audit.record({ actor, action: 'policy.draft.comment.close', target: draftId });
      return (await repo.get(draftId))!;
    },

    /** Every draft ever opened for comment (public), newest first, with its period and number of comments. */
    async list(): Promise<(Omit<Consultation, 'plain' | 'comments'> & { comments: number })[]> {
      const drafts = await repo.consulted(100);
      const counts = await repo.commentCounts(drafts.map((d) => d.id));
      return drafts.map((d) => ({ ...summary(d), comments: counts.get(d.id) ?? 0 }));
    },

    /** One draft under (or after) comment, in plain language, with comments and answers (public). */
    async get(draftId: string): Promise<Consultation> {
      const d = await opened(draftId);
      return { ...summary(d), plain: await plain(d), comments: await repo.comments(d.id) };
    },

    /** A company comments on a draft while its period is open (its name is shown with the comment). */
    async comment(actor: Actor, draftId: string, input: { body: string }): Promise<DraftComment> {
      if ((actor.role !== 'enterprise' && actor.role !== 'agent') || !actor.enterpriseUscc) throw new AppError('auth.forbidden', 'Companies comment on drafts');
      const body = text('body', input.body);
      const d = await opened(draftId);
      if (!isCommentOpen(d, deps.clock.now())) throw new AppError('conflict', `The comment period of ${draftId} is closed`, { errors: [{ field: 'draftId', rule: 'draft.commentOpen', message: 'the comment period is closed' }] });
      const company = await deps.enterprises.get(dataScopeOf(actor), actor.enterpriseUscc);
      const c: DraftComment = { id: deps.ids.next('pdc'), draftId, uscc: actor.enterpriseUscc, companyName: company?.name ?? actor.enterpriseUscc, authorId: actor.userId, body, createdAt: now(), answer: null };
      await repo.insertComment(c);
      await deps.audit.record({ actor, action: 'policy.draft.comment', target: c.id, details: { draftId } });
      return c;
    },

    /** The drafting organisation answers a comment (again: the answer is replaced), during or after the period. */
    async answer(actor: Actor, commentId: string, input: { text: string }): Promise<DraftComment> {
      const answer = text('text', input.text);
      const c = await repo.getComment(commentId);
      if (!c) throw new AppError('not_found', `No comment ${commentId}`);
      await deps.draftService.owned(actor, c.draftId);
      await repo.answer(commentId, answer, actor.userId, now());
      await deps.audit.record({ actor, action: 'policy.draft.comment.answer', target: commentId, details: { draftId: c.draftId } });
      return (await repo.getComment(commentId))!;
    },
  };
  return service;
}

/** The comment service's interface. */
export type CommentService = ReturnType<typeof createCommentService>;
