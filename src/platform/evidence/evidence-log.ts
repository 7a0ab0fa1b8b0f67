import {
  buildProofBundle, collectCosignatures, parseCheckpoint, parseNote, parseVerifierKey, toBase64, utf8,
  type LedgerLog, type ProofBundle, type SignerKey, type VerifierKey,
} from '../../engines/ledger/index.ts';
import type { WitnessRegistry } from './witnesses.ts';

/** What a verifier needs to trust a platform log's checkpoints. */
export interface EvidenceTrust {
  origin: string;
  hashSuite: string;
  logKey: string;
  witnessKeys: { name: string; key: string; orgName: string; orgNameEn: string }[];
  quorum: number;
}

/** The outcome of one checkpoint round. */
export interface PublishResult {
  size: number;
  note: string;
  cosigned: string[];
  refused: { witness: string; status?: number; reason: string }[];
  quorum: number;
  quorumMet: boolean;
}

/** An entry with what proves it: the inclusion proof against a cosigned checkpoint. */
export interface EntryProof {
  origin: string;
  hashSuite: string;
  leafIndex: number;
  /** The entry's bytes, base64. */
  data: string;
  leafHash: string;
  treeSize: number;
  inclusionProof: string[];
  checkpoint: string;
}

/** Canonical JSON: keys sorted at every level, no spaces, so the same record always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * One of the platform's evidence logs over the ledger engine: appends records as canonical JSON,
 * publishes checkpoints signed by the log and cosigned by the institutions' witnesses (one round
 * at a time), and answers entries with inclusion proofs against a checkpoint that meets the quorum.
 * The private key is opened only when a checkpoint is signed: reading and verifying need none.
 */
export function createEvidenceLog(deps: { name: string; log: LedgerLog; verifier: VerifierKey; signer: () => SignerKey; witnesses: WitnessRegistry }) {
  const { log } = deps;
  const knownSizes = new Map<string, number>();
  let round: Promise<unknown> = Promise.resolve();

  async function trustPolicy(): Promise<{ logKeys: VerifierKey[]; witnessKeys: VerifierKey[]; quorum: number }> {
    const witnessKeys = await deps.witnesses.verifierKeys();
    return { logKeys: [deps.verifier], witnessKeys, quorum: quorumOf(witnessKeys.length) };
  }
  const quorumOf = (n: number) => deps.witnesses.quorumFor(n);

  async function runRound(): Promise<PublishResult> {
    await log.flush();
    const head = log.head();
    const witnessCount = (await deps.witnesses.list()).length;
    const quorum = quorumOf(witnessCount);
    const latest = await log.latestCheckpoint(quorum);
    if (latest && latest.size >= head.size) {
      const signers = parseNote(latest.note).signatures.map((s) => s.name).filter((n) => n !== log.origin);
      return { size: latest.size, note: latest.note, cosigned: signers, refused: [], quorum, quorumMet: true };
    }
    const note = await log.signCheckpoint([deps.signer()]);
    const result = await collectCosignatures({ note, proofs: log.proofs, witnesses: await deps.witnesses.clients(), knownSizes });
    await log.saveCosignedCheckpoint(head.size, result.note, result.cosigned.length);
    return { size: head.size, note: result.note, cosigned: result.cosigned, refused: result.refused, quorum, quorumMet: result.cosigned.length >= quorum };
  }

  return {
    name: deps.name,
    origin: log.origin,
    hashSuite: log.suite.name,
    /** The engine's log, for readers that need more than this facade. */
    ledgerLog: log,
    /** Appends a record as canonical JSON; resolves with its index once committed. */
    async append(record: Record<string, unknown>): Promise<{ index: number; leafHash: string; data: string }> {
      const data = canonicalJson(record);
      const r = await log.append(utf8(data));
      return { index: r.index, leafHash: toBase64(r.leafHash), data };
    },
    /** Appends raw bytes. */
    appendBytes: (data: Uint8Array) => log.append(data),
    /**
     * Signs a checkpoint of the committed head and asks the active witnesses to cosign it;
     * rounds run one at a time, and a head already covered by a quorum checkpoint is not re-signed.
     */
    publish(): Promise<PublishResult> {
      const next = round.then(runRound, runRound);
      round = next.catch(() => undefined);
      return next;
    },
    /** The newest checkpoint meeting the quorum, if any. */
    async latestCosigned(): Promise<{ size: number; note: string } | undefined> {
      const { quorum } = await trustPolicy();
      return log.latestCheckpoint(quorum);
    },
    /** The keys and quorum to trust this log with. */
    async trust(): Promise<EvidenceTrust> {
      const rows = await deps.witnesses.list();
      return {
        origin: log.origin,
        hashSuite: log.suite.name,
        logKey: deps.verifier.text,
        witnessKeys: rows.map((r) => ({ name: r.name, key: r.verifierKey, orgName: r.orgName, orgNameEn: r.orgNameEn })),
        quorum: quorumOf(rows.length),
      };
    },
    trustPolicy,
    /** Entry `index` with its inclusion proof against the newest quorum checkpoint covering it, or undefined when none covers it yet. */
    async prove(index: number): Promise<EntryProof | undefined> {
      const latest = await this.latestCosigned();
      if (!latest || latest.size <= index) return undefined;
      const entry = await log.getEntry(index);
      if (!entry) return undefined;
      const { size } = parseCheckpoint(parseNote(latest.note).text);
      const proof = await log.proofs.inclusionProof(index, size);
      return { origin: log.origin, hashSuite: log.suite.name, leafIndex: index, data: toBase64(entry.data), leafHash: toBase64(entry.leafHash), treeSize: size, inclusionProof: proof.map(toBase64), checkpoint: latest.note };
    },
    /** An offline proof bundle (`onething verify`) for entry `index`. */
    async bundle(index: number, withData = true): Promise<ProofBundle> {
      const policy = await trustPolicy();
      return buildProofBundle(log, { index, logKeys: policy.logKeys, witnessKeys: policy.witnessKeys, quorum: policy.quorum, withData });
    },
    /** A stored entry's bytes. */
    getEntry: (index: number) => log.getEntry(index),
    /** Parses a stored verifier key (helper for callers holding key text). */
    parseKey: parseVerifierKey,
  };
}

/** One platform evidence log. */
export type EvidenceLog = ReturnType<typeof createEvidenceLog>;
