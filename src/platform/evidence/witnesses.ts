import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import {
  createWitness, generateSignerKey, parseSignerKey, parseVerifierKey, utf8,
  type AddCheckpointRequest, type LedgerRepository, type VerifierKey, type Witness, type WitnessClient, type WitnessedLog,
} from '../../engines/ledger/index.ts';
import type { EvidenceRepository, WitnessRow } from './evidence.repository.ts';
import type { KeyVault } from './key-vault.ts';

/**
 * The quorum policy of the platform's logs: all witnesses but one (4 of 5), so one institution
 * may be down without stopping checkpoints, and a split view needs all but one of them to lie.
 */
export function quorumFor(witnesses: number): number {
  return Math.max(1, witnesses - 1);
}

/** A witness institution as the API shows it (never its private key). */
export interface WitnessInfo {
  orgId: string;
  orgCode: string;
  orgName: string;
  orgNameEn: string;
  name: string;
  verifierKey: string;
  active: boolean;
  createdAt: string;
}

/**
 * The witness side: one witness per institution, each with its own Ed25519 cosigning key
 * (generated here, stored wrapped by the master key, opened only inside this service), following
 * the platform's logs. `clients()` gives the log side in-process handles; the same witnesses are
 * served over HTTP (c2sp.org/tlog-witness) by the engine's routes.
 */
export function createWitnessRegistry(deps: {
  repo: EvidenceRepository;
  ledgerRepo: LedgerRepository;
  clock: Clock;
  vault: KeyVault;
  originPrefix: string;
  /** The logs the witnesses follow (origin, log key, hash suite). */
  followedLogs: () => Promise<WitnessedLog[]>;
}) {
  const label = (orgId: string) => `evidence.witness:${orgId}`;
  const witnessName = (orgCode: string) => `${deps.originPrefix}/witness/${orgCode}`;
  let cache: { rows: WitnessRow[]; logs: WitnessedLog[]; witnesses: Map<string, Witness> } | undefined;

  async function state() {
    if (!cache) cache = { rows: await deps.repo.listWitnesses(), logs: await deps.followedLogs(), witnesses: new Map() };
    return cache;
  }

  async function witnessOf(orgId: string): Promise<Witness> {
    const s = await state();
    const existing = s.witnesses.get(orgId);
    if (existing) return existing;
    const row = s.rows.find((r) => r.orgId === orgId);
    if (!row) throw new AppError('not_found.witness', `Organisation ${orgId} is not a witness`);
    const signer = parseSignerKey(new TextDecoder().decode(deps.vault.unwrap(row.signerKeyWrapped, label(orgId))));
    const witness = createWitness({ repo: deps.ledgerRepo, clock: deps.clock, keys: [signer], logs: s.logs });
    s.witnesses.set(orgId, witness);
    return witness;
  }

  const toInfo = (r: WitnessRow): WitnessInfo => ({ orgId: r.orgId, orgCode: r.orgCode, orgName: r.orgName, orgNameEn: r.orgNameEn, name: r.name, verifierKey: r.verifierKey, active: r.active, createdAt: r.createdAt });

  return {
    quorumFor,
    /** Forgets cached witnesses (after a log or witness was added). */
    invalidate(): void {
      cache = undefined;
    },
    /** Makes an organisation a witness with a new Ed25519 cosigning key, unless it is one already. */
    async ensureWitness(org: { id: string; code: string }): Promise<WitnessInfo> {
      const existing = (await deps.repo.listWitnesses()).find((r) => r.orgId === org.id);
      if (existing) return toInfo(existing);
      const signer = generateSignerKey(witnessName(org.code), 'ed25519-cosignature');
      await deps.repo.insertWitness({ orgId: org.id, name: signer.name, verifierKey: signer.verifier.text, signerKeyWrapped: deps.vault.wrap(utf8(signer.text), label(org.id)) }, deps.clock.now().toISOString());
      cache = undefined;
      const row = (await deps.repo.listWitnesses()).find((r) => r.orgId === org.id)!;
      return toInfo(row);
    },
    /** Every witness, active or not, oldest first. */
    async list(): Promise<WitnessInfo[]> {
      return (await state()).rows.map(toInfo);
    },
    /** The verifier keys clients trust: every registered witness, whether or not it answers now. */
    async verifierKeys(): Promise<VerifierKey[]> {
      return (await state()).rows.map((r) => parseVerifierKey(r.verifierKey));
    },
    /** Takes a witness out of (or back into) the cosigning round, as when an institution's service is down. */
    async setActive(orgId: string, active: boolean): Promise<void> {
      if (!(await deps.repo.setWitnessActive(orgId, active))) throw new AppError('not_found.witness', `Organisation ${orgId} is not a witness`);
      cache = undefined;
    },
    /** One institution's witness (the engine's), for its HTTP routes. */
    witnessOf,
    /** A stable handle for an institution's HTTP route: resolves the current witness on every request. */
    handleFor(row: WitnessInfo): Witness {
      return {
        name: row.name,
        verifierKeys: [parseVerifierKey(row.verifierKey)],
        latest: async (origin: string) => (await witnessOf(row.orgId)).latest(origin),
        addCheckpoint: async (req: AddCheckpointRequest) => (await witnessOf(row.orgId)).addCheckpoint(req),
      };
    },
    /** In-process clients of the active witnesses, for collecting cosignatures. */
    async clients(): Promise<WitnessClient[]> {
      const rows = (await state()).rows.filter((r) => r.active);
      return rows.map((r) => ({ name: r.name, addCheckpoint: async (req: AddCheckpointRequest) => (await witnessOf(r.orgId)).addCheckpoint(req) }));
    },
  };
}

/** The witness registry's interface. */
export type WitnessRegistry = ReturnType<typeof createWitnessRegistry>;
