import type { Facts } from '../../engines/rules/index.ts';
import type { CertificateNeed } from './claim-certificates.ts';

/** How a unit's claims are decided (issue 5, stage 3). */
export const APPROVAL_MODES = ['apply_free', 'quick_apply', 'credit_commitment', 'manual'] as const;
/** One of `APPROVAL_MODES`. */
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/** Where a claim stands. */
export type ClaimStatus = 'awaiting_account' | 'pending_review' | 'approved' | 'paying' | 'paid' | 'payment_returned' | 'rejected' | 'revoked';

/** Where a credit-commitment claim's post-audit stands (null: no audit needed). */
export type AuditState = 'pending' | 'kept' | 'broken' | null;

/** A receiving bank account. */
export interface BankAccount {
  name: string;
  number: string;
  /** The bank's code (CNAPS, 12 digits). */
  bank: string;
}

/** A unit's life-cycle settings: its approval mode and the budget line paying it. */
export interface UnitSettings {
  unitId: string;
  mode: ApprovalMode;
  budgetLineId: string;
  /** The certificates a quick-apply, credit-commitment or manual claim fetches (or asks for); null: as declared in code (`requireCertificates`, the shipped units'). */
  certificates: CertificateNeed[] | null;
  updatedBy: string;
  updatedAt: string;
}

/** A budget line with its cap and balances (fen). */
export interface BudgetLine {
  id: string;
  title: string;
  orgId: string;
  capFen: number;
  createdAt: string;
  balances?: Record<LedgerAccount, number>;
}

/** The ledger's accounts per budget line; debits are positive, credits negative, each transaction sums to 0. */
export const LEDGER_ACCOUNTS = ['appropriation', 'available', 'committed', 'in_transit', 'paid', 'receivable'] as const;
/** One of `LEDGER_ACCOUNTS`. */
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

/** A publication: one unit version matched against the population and pushed. */
export interface Publication {
  id: string;
  unitId: string;
  version: number;
  status: 'running' | 'done' | 'failed';
  asOf: string;
  orgId: string;
  requestedBy: string;
  /** What the match was based on: as-of day, population size, the mirror's watermarks. */
  basis: unknown;
  eligible: number | null;
  pushes: number | null;
  claims: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** A push: a unit version that reached a company, and the publication (hence the data) it came from. */
export interface Push {
  id: string;
  publicationId: string;
  unitId: string;
  version: number;
  uscc: string;
  amountFen: number;
  asOf: string;
  createdAt: string;
}

/** A claim of one company on one unit version. */
export interface Claim {
  id: string;
  unitId: string;
  version: number;
  uscc: string;
  districtCode: string;
  townCode: string;
  mode: ApprovalMode;
  status: ClaimStatus;
  amountFen: number;
  /** Facts the applicant supplied (the mirror lacked them). */
  answers: Facts;
  /** Keys of answers that are promises (credit commitment) awaiting post-audit. */
  promised: string[];
  /** The engine's explanation at decision time (for the reviewing official). */
  explanation: unknown;
  audit: AuditState;
  account: BankAccount | null;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  recoveryFen: number;
  recoveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A payment (at most one per claim and unit version: the idempotency key is unique). */
export interface Payment {
  id: string;
  idemKey: string;
  claimId: string;
  budgetLineId: string;
  uscc: string;
  amountFen: number;
  account: BankAccount;
  status: 'queued' | 'sent' | 'paid' | 'returned' | 'cancelled';
  attempts: number;
  batchId: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A bank batch file of payments. */
export interface PaymentBatch {
  id: string;
  orgId: string;
  createdBy: string;
  count: number;
  totalFen: number;
  file: string;
  status: 'sent' | 'reconciled';
  createdAt: string;
  reconciledAt: string | null;
}

/** An inbox message to a company. */
export interface InboxMessage {
  id: string;
  uscc: string;
  kind: 'push' | 'claim';
  title: { zh: string; en: string };
  refId: string | null;
  createdAt: string;
}
