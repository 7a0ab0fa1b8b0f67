import type { Clock } from '../../kernel/clock.ts';
import { getHashSuite, type HashSuiteName } from './hash-suite.ts';
import { parseCheckpoint } from './checkpoint.ts';
import { fromBase64 } from './bytes.ts';
import { equalBytes, verifyConsistency } from './merkle.ts';
import { ProofError } from './proof-error.ts';
import { NoteError, signatureLineFor, verifyNote } from './note.ts';
import { isCosignature, type SignerKey, type VerifierKey } from './keys.ts';
import type { LedgerRepository } from './ledger.repository.ts';

/**
 * A refused add-checkpoint request, with the HTTP status c2sp.org/tlog-witness assigns:
 * 400 malformed or old size above the new one, 403 no valid log signature, 404 unknown
 * origin, 409 old size is not the witness's (its `size` is in `facts`) or same size with
 * another root, 422 consistency proof does not verify.
 */
export class WitnessError extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409 | 422, readonly code: string, message: string, readonly facts: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.name = 'WitnessError';
  }
}

/** An add-checkpoint request: the size the client believes the witness has, a consistency proof from it, and the signed checkpoint. */
export interface AddCheckpointRequest {
  oldSize: number;
  proof: Uint8Array[];
  checkpoint: string;
}

/** A log a witness follows: its origin, the log's public keys and the hash suite of its tree. */
export interface WitnessedLog {
  origin: string;
  keys: readonly VerifierKey[];
  hashSuite?: HashSuiteName;
}

/** Parses the tlog-witness request body: `old N`, proof lines, a blank line, the checkpoint. */
export function parseAddCheckpointBody(body: string): AddCheckpointRequest {
  const split = body.indexOf('\n\n');
  if (split < 0) throw new WitnessError(400, 'witness.malformed', 'request body has no blank line before the checkpoint');
  const head = body.slice(0, split).split('\n');
  const m = /^old (0|[1-9][0-9]*)$/.exec(head[0]);
  if (!m) throw new WitnessError(400, 'witness.malformed', 'first line must be "old <size>"');
  if (head.length - 1 > 63) throw new WitnessError(400, 'witness.malformed', 'more than 63 consistency proof lines');
  let proof: Uint8Array[];
  try {
    proof = head.slice(1).map((l, i) => fromBase64(l, `proof line ${i + 1}`));
  } catch (e) {
    throw new WitnessError(400, 'witness.malformed', (e as Error).message);
  }
  return { oldSize: Number(m[1]), proof, checkpoint: body.slice(split + 2) };
}

/** Formats an add-checkpoint request body (what a log sends to a witness). */
export function formatAddCheckpointBody(req: AddCheckpointRequest): string {
  const proofLines = req.proof.map((p) => `${btoa(String.fromCharCode(...p))}\n`).join('');
  return `old ${req.oldSize}\n${proofLines}\n${req.checkpoint}`;
}

/**
 * A witness: keeps, per log, the last checkpoint it cosigned (in the database), and cosigns
 * a new one only when a consistency proof links the two. Check and update are one
 * compare-and-set, so two racing requests cannot roll the witness back.
 * @example const w = createWitness({ repo, clock, keys: [cosigner], logs: [{ origin, keys: [logKey] }] }); await w.addCheckpoint(req)
 */
export function createWitness(deps: { repo: LedgerRepository; clock: Clock; keys: readonly SignerKey[]; logs: readonly WitnessedLog[] }) {
  if (deps.keys.length === 0) throw new Error('keys: a witness needs at least one cosigner key');
  for (const k of deps.keys) if (!isCosignature(k.algorithm)) throw new Error(`keys: ${k.name} is a ${k.algorithm} key; a witness signs with a cosignature key`);
  const name = deps.keys[0].name;

  return {
    name,
    /** The public keys clients use to check this witness's cosignatures. */
    verifierKeys: deps.keys.map((k) => k.verifier),
    /** The last checkpoint cosigned for an origin, if any. */
    latest: (origin: string) => deps.repo.getWitnessState(name, origin),

    /** Checks and cosigns a checkpoint; returns the cosignature lines. Throws WitnessError with the status to answer. */
    async addCheckpoint(req: AddCheckpointRequest): Promise<string[]> {
      let text: string;
      const firstLine = req.checkpoint.indexOf('\n');
      if (firstLine <= 0) throw new WitnessError(400, 'witness.malformed', 'checkpoint must start with an origin line');
      const origin = req.checkpoint.slice(0, firstLine);
      const log = deps.logs.find((l) => l.origin === origin);
      if (!log) throw new WitnessError(404, 'witness.unknownLog', `this witness does not follow a log with origin "${origin}"`, { origin });
      try {
        ({ text } = await verifyNote(req.checkpoint, log.keys));
      } catch (e) {
        if (e instanceof NoteError && e.code === 'note.malformed') throw new WitnessError(400, 'witness.malformed', e.message);
        throw new WitnessError(403, 'witness.badLogSignature', `checkpoint of ${origin}: ${(e as Error).message}`, { origin });
      }
      let checkpoint;
      try {
        checkpoint = parseCheckpoint(text);
      } catch (e) {
        throw new WitnessError(400, 'witness.malformed', (e as Error).message);
      }
      if (req.oldSize > checkpoint.size) throw new WitnessError(400, 'witness.oldSizeTooLarge', `old size ${req.oldSize} is above the checkpoint size ${checkpoint.size}`);
      const stored = await deps.repo.getWitnessState(name, origin);
      const storedSize = stored?.size ?? 0;
      if (req.oldSize !== storedSize) throw new WitnessError(409, 'witness.sizeMismatch', `old size ${req.oldSize} is not the last cosigned size ${storedSize}`, { size: storedSize });
      if (stored && storedSize === checkpoint.size && !equalBytes(stored.rootHash, checkpoint.rootHash)) {
        throw new WitnessError(409, 'witness.fork', `checkpoint of size ${checkpoint.size} has another root than the one already cosigned: the log forked`, { size: storedSize });
      }
      if (storedSize === 0 || storedSize === checkpoint.size) {
        if (req.proof.length > 0) throw new WitnessError(422, 'witness.badProof', `the consistency proof must be empty from size ${storedSize} to ${checkpoint.size}`);
      } else if (storedSize < checkpoint.size) {
        try {
          verifyConsistency(getHashSuite(log.hashSuite ?? 'sha256'), storedSize, checkpoint.size, req.proof, stored!.rootHash, checkpoint.rootHash);
        } catch (e) {
          if (e instanceof ProofError) throw new WitnessError(422, 'witness.badProof', `consistency proof from ${storedSize} to ${checkpoint.size} does not verify: ${e.message}`, { code: e.code });
          throw e;
        }
      }
      const now = deps.clock.now();
      const advanced = await deps.repo.advanceWitnessState(name, origin, stored?.size, { size: checkpoint.size, rootHash: checkpoint.rootHash, note: req.checkpoint }, now.toISOString());
      if (!advanced) {
        const current = await deps.repo.getWitnessState(name, origin);
        throw new WitnessError(409, 'witness.sizeMismatch', 'another request moved this witness first', { size: current?.size ?? 0 });
      }
      return Promise.all(deps.keys.map((k) => signatureLineFor(k, text, now)));
    },
  };
}

/** A witness service. */
export type Witness = ReturnType<typeof createWitness>;
