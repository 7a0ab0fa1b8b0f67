import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { LifecycleTables } from './lifecycle.repository.ts';
import type { SupervisionCap, Warning, WarningEvent, WarningKind, WarningStatus, WarningTrigger } from './supervision.types.ts';

interface WarningsTable {
  id: string; kind: string; dedupe_key: string; claim_id: string; unit_id: string; uscc: string; district_code: string; town_code: string;
  reason_zh: string; reason_en: string; evidence: string; status: string; holds_payment: number; trigger: string; created_at: string; updated_at: string;
}
interface EventsTable { id: string; warning_id: string; from_status: string | null; to_status: string; holds_payment: number; actor_id: string | null; actor_name: string | null; note: string | null; at: string }
interface CapsTable { id: string; title: string; categories: string; unit_ids: string; cap_fen: number; updated_by: string; updated_at: string }
interface SettingsTable { id: string; settings: string; updated_by: string; updated_at: string }
interface AccountIndexTable { account_key: string; claim_id: string; uscc: string }
interface SubscriptionsTable { uscc: string; category: string; created_at: string }
interface ReviewsTable { id: string; claim_id: string; purpose: string; instance_id: string; process_key: string; status: string; created_at: string; finished_at: string | null }

/** The oversight tables (supervision, subscriptions, reviews) beside the life-cycle tables they read. */
export interface OversightTables extends LifecycleTables {
  policy_warnings: WarningsTable;
  policy_warning_events: EventsTable;
  policy_supervision_caps: CapsTable;
  policy_supervision_settings: SettingsTable;
  policy_account_index: AccountIndexTable;
  policy_subscriptions: SubscriptionsTable;
  policy_claim_reviews: ReviewsTable;
}

/** A connection or transaction over the oversight tables. */
export type OversightDb = Kysely<OversightTables>;

/** The oversight tables over a database. */
export function oversightDb(database: Database): OversightDb {
  return database.kysely as OversightDb;
}

/** Row mappers of the oversight tables. */
export const oversightRows = {
  warning: (r: WarningsTable): Warning => ({
    id: r.id, kind: r.kind as WarningKind, claimId: r.claim_id, unitId: r.unit_id, uscc: r.uscc, districtCode: r.district_code, townCode: r.town_code,
    reason: { zh: r.reason_zh, en: r.reason_en }, evidence: JSON.parse(r.evidence) as Record<string, unknown>, status: r.status as WarningStatus,
    holdsPayment: Number(r.holds_payment) === 1, trigger: r.trigger as WarningTrigger, createdAt: r.created_at, updatedAt: r.updated_at,
  }),
  event: (r: EventsTable): WarningEvent => ({
    id: r.id, from: r.from_status as WarningStatus | null, to: r.to_status as WarningStatus, holdsPayment: Number(r.holds_payment) === 1,
    actorId: r.actor_id, actorName: r.actor_name, note: r.note, at: r.at,
  }),
  cap: (r: CapsTable): SupervisionCap => ({
    id: r.id, title: r.title, categories: JSON.parse(r.categories) as string[], unitIds: JSON.parse(r.unit_ids) as string[], capFen: Number(r.cap_fen), updatedBy: r.updated_by, updatedAt: r.updated_at,
  }),
};

/** A SQL condition for payout queries over `policy_claims as c`: no active warning holds the claim's payment. */
export const notHeldByWarning = sql<boolean>`not exists (select 1 from policy_warnings w where w.claim_id = c.id and w.holds_payment = 1 and w.status in ('open', 'investigating'))`;
