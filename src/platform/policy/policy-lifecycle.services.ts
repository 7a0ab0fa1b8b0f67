import type { SubjectResult } from '../../engines/rules/index.ts';
import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';
import type { CertificateLibrary } from '../certificates/certificate-library.ts';
import type { FileService } from '../files/files.service.ts';
import { createBudgetService } from './budget.service.ts';
import { createBulkInsert } from './bulk-rows.ts';
import { createClaimService, type ClaimListener } from './claims.service.ts';
import { lifecycleDb } from './lifecycle.repository.ts';
import type { ApprovalMode, Claim, InboxMessage, Payment, Push } from './lifecycle.types.ts';
import { channelsFromConfig, inboxChannel, type NotificationChannel } from './notify.ts';
import { createPayoutService } from './payout.service.ts';
import type { PolicyServices } from './policy.services.ts';
import { createPushService } from './push.service.ts';

/** What "policies for me" (政策计算器) shows a company. */
export interface ForMe {
  uscc: string;
  asOf: string;
  eligible: (Pick<SubjectResult, 'id' | 'version' | 'title' | 'amount' | 'amountText'> & { mode: ApprovalMode | null })[];
  /** Units in force the company misses, with the conditions that did not hold. */
  nearMisses: (Pick<SubjectResult, 'id' | 'version' | 'title'> & { why: { zh: string; en: string }[] })[];
  claims: (Claim & { payments: Payment[] })[];
  pushes: Push[];
  inbox: InboxMessage[];
}

/**
 * The policy life cycle (issue 5): budget lines and unit settings, publication with pushes,
 * claims in four approval modes, payout through bank files, and the company's "policies for me".
 */
export function createPolicyLifecycleServices(deps: {
  database: Database; clock: Clock; ids: IdGenerator; audit: AuditService; policy: PolicyServices; enterprises: EnterpriseRepository;
  /** Channels besides the inbox (default: from the environment, see `channelsFromConfig`). */
  channels?: NotificationChannel[];
  onPayoutStage?: (stage: 'payments' | 'batch') => void;
  /** The certificate library quick-apply claims fetch from (none: no certificate is fetched, each needed one is asked). */
  certificates?: CertificateLibrary;
  /** The uploaded files a claim's missing certificates name (none: no upload is accepted). */
  files?: FileService;
  /** A user as an actor, to resume a publication a stopped process left running as its publisher (none: it is marked failed). */
  actorOf?: (userId: string) => Promise<Actor>;
}) {
  const store = lifecycleDb(deps.database);
  const channels = [inboxChannel(store.db, deps.clock, deps.ids), ...(deps.channels ?? channelsFromConfig(process.env))];
  const base = { store, clock: deps.clock, ids: deps.ids, audit: deps.audit };
  const budget = createBudgetService({ store, units: deps.policy.repository, clock: deps.clock, ids: deps.ids, audit: deps.audit });
  const claimListeners: ClaimListener[] = [];
  const claims = createClaimService({ ...base, budget, units: deps.policy.units, evaluation: deps.policy.evaluation, enterprises: deps.enterprises, channels, listeners: claimListeners, certificates: deps.certificates, files: deps.files });
  const push = createPushService({ ...base, units: deps.policy.units, evaluation: deps.policy.evaluation, budget, bulk: createBulkInsert(deps.database), enterprises: deps.enterprises, channels, actorOf: deps.actorOf, log: (l) => { process.stderr.write(`${l}\n`); } });
  const payout = createPayoutService({ ...base, budget, onStage: deps.onPayoutStage });
  let started: Promise<void> | undefined;

  /** The company a "policies for me" actor stands for. */
  function companyOf(actor: Actor): string {
    if ((actor.role !== 'enterprise' && actor.role !== 'agent') || !actor.enterpriseUscc) throw new AppError('auth.forbidden', 'Policies for me is a company’s page');
    return actor.enterpriseUscc;
  }

  /** A company's claims with their payments, its pushes and its inbox. */
  async function recordsOf(actor: Actor, uscc: string): Promise<Pick<ForMe, 'claims' | 'pushes' | 'inbox'>> {
    const [mine, pushes, inbox] = await Promise.all([claims.list(actor, { limit: 200 }), push.pushesOf(uscc), push.inbox(uscc)]);
    const byClaim = new Map<string, Payment[]>(mine.map((c) => [c.id, []]));
    for (const p of await payout.paymentsOf(mine.map((c) => c.id))) byClaim.get(p.claimId)?.push(p);
    return { claims: mine.map((c) => ({ ...c, payments: byClaim.get(c.id)! })), pushes, inbox };
  }
  return {
    budget,
    claims,
    push,
    payout,
    channels,
    /** Listeners of claim events (supervision and reviews on the flow engine add theirs). */
    claimListeners,
    /** Seeds the shipped units (the policy module) and resumes publications a stopped process left running, once per process. */
    ready(): Promise<void> {
      started ??= (async () => {
        await deps.policy.ready();
        await push.recover();
      })();
      started.catch(() => { started = undefined; });
      return started;
    },

    /** "Policies for me": eligible units with amounts, near misses with why not, claims with payments, pushes and inbox. */
    async forMe(actor: Actor): Promise<ForMe> {
      const uscc = companyOf(actor);
      const [ev, records] = await Promise.all([deps.policy.evaluation.forCompany(actor, uscc, { purpose: 'policy.for_me' }), recordsOf(actor, uscc)]);
      const settings = await budget.settingsOf(ev.eligible.map((r) => r.id));
      return { uscc, asOf: ev.asOf, eligible: ev.eligible.map((r) => ({ ...r, mode: settings.get(r.id)?.mode ?? null })), nearMisses: ev.nearMisses, ...records };
    },

    /**
     * `forMe` as the JSON text the API sends (what `JSON.stringify(await forMe(actor))` gives, the
     * eligible units and near misses composed from each unit's identity written once per version).
     */
    async forMeJson(actor: Actor): Promise<string> {
      const uscc = companyOf(actor);
      const modes = async (ids: string[]) => new Map([...(await budget.settingsOf(ids))].map(([id, s]) => [id, s.mode]));
      const [ev, r] = await Promise.all([deps.policy.evaluation.forCompanyJson(actor, uscc, { purpose: 'policy.for_me', modes }), recordsOf(actor, uscc)]);
      return `{"uscc":${JSON.stringify(uscc)},"asOf":${JSON.stringify(ev.asOf)},"eligible":${ev.eligible},"nearMisses":${ev.nearMisses},"claims":${JSON.stringify(r.claims)},"pushes":${JSON.stringify(r.pushes)},"inbox":${JSON.stringify(r.inbox)}}`;
    },
  };
}

/** The policy life-cycle services' interface. */
export type PolicyLifecycleServices = ReturnType<typeof createPolicyLifecycleServices>;
