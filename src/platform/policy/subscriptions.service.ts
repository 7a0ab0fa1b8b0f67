import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors } from '../../kernel/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { deliverAll, type NotificationChannel } from './notify.ts';
import type { PolicyUnitService } from './policy-units.service.ts';
import type { OversightDb } from './supervision.repository.ts';

/** A company's subscriptions and the categories it may choose from. */
export interface Subscriptions {
  uscc: string;
  categories: string[];
  available: string[];
}

/**
 * Subscriptions by category (订阅): a company chooses policy categories; every publication of a unit
 * in one of them reaches it through the notification channels (the inbox first), whether or not the
 * mirror finds it eligible — the eligible ones also get their push.
 */
export function createSubscriptionService(deps: { db: OversightDb; units: PolicyUnitService; channels: NotificationChannel[]; audit: AuditService; clock: Clock; log?: (line: string) => void }) {
  const { db } = deps;

  function companyOf(actor: Actor): string {
    if ((actor.role !== 'enterprise' && actor.role !== 'agent') || !actor.enterpriseUscc) throw new AppError('auth.forbidden', 'Only a company (or its agent) subscribes');
    return actor.enterpriseUscc;
  }

  async function available(): Promise<string[]> {
    return [...new Set((await deps.units.list()).map((u) => u.category).filter((c): c is string => !!c))].sort();
  }

  const service = {
    /** The company's categories and those it may choose. */
    async get(actor: Actor): Promise<Subscriptions> {
      const uscc = companyOf(actor);
      const rows = await db.selectFrom('policy_subscriptions').select('category').where('uscc', '=', uscc).orderBy('category').execute();
      return { uscc, categories: rows.map((r) => r.category), available: await available() };
    },

    /** Replaces the company's categories (each must be a category some unit has). */
    async set(actor: Actor, categories: string[]): Promise<Subscriptions> {
      const uscc = companyOf(actor);
      const known = new Set(await available());
      const wanted = [...new Set(categories.map((c) => c.trim()))];
      assertNoFieldErrors(wanted.flatMap((c, i) => (known.has(c) ? [] : [{ field: `categories.${i}`, rule: 'enum', message: `${c} is no policy category (${[...known].join('、')})` }])), 'Invalid subscriptions');
      const at = deps.clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('policy_subscriptions').where('uscc', '=', uscc).execute();
        if (wanted.length) await trx.insertInto('policy_subscriptions').values(wanted.map((category) => ({ uscc, category, created_at: at }))).execute();
      });
      await deps.audit.record({ actor, action: 'policy.subscriptions.set', target: uscc, details: { categories: wanted } });
      return service.get(actor);
    },

    /** Tells every subscriber of the unit's category about a new publication; returns how many were told. */
    async announce(unitId: string, version: number): Promise<number> {
      const v = await deps.units.get(unitId, version);
      const category = v.unit.category;
      if (!category) return 0;
      let told = 0;
      for (let after = ''; ; ) {
        const page = await db.selectFrom('policy_subscriptions').select('uscc').where('category', '=', category).where('uscc', '>', after).orderBy('uscc').limit(1000).execute();
        if (page.length === 0) return told;
        await deliverAll(deps.channels, page.map((s) => ({
          uscc: s.uscc, kind: 'push' as const, title: { zh: `您订阅的「${category}」类有新政策：${v.unit.title.zh}`, en: `New policy in “${category}”, which you follow: ${v.unit.title.en}` }, refId: `${unitId}@${version}`,
        })), (channel, e) => deps.log?.(`policy subscriptions: channel ${channel} failed: ${(e as Error).message}`));
        told += page.length;
        after = page[page.length - 1].uscc;
      }
    },
  };
  return service;
}

/** The subscription service's interface. */
export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
