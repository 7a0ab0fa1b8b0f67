import { parseCheckpoint } from './checkpoint.ts';
import { addSignatureLines, parseNote } from './note.ts';
import type { ProofReader } from './proof-reader.ts';
import type { AddCheckpointRequest } from './witness.ts';

/** What a log needs of a witness: its name and add-checkpoint (in process, or over HTTP). */
export interface WitnessClient {
  name: string;
  /** Resolves with cosignature lines, or rejects with an error carrying `status` (and `facts.size` on 409). */
  addCheckpoint(req: AddCheckpointRequest): Promise<string[]>;
}

/** The outcome of asking witnesses to cosign. */
export interface CosignResult {
  /** The checkpoint note with every cosignature obtained. */
  note: string;
  cosigned: string[];
  refused: { witness: string; status?: number; reason: string }[];
}

interface StatusError {
  status?: number;
  facts?: { size?: unknown };
  message?: string;
}

/**
 * Asks every witness to cosign a log's checkpoint, each with a consistency proof from the
 * size it last cosigned. The log remembers those sizes; when a witness answers 409 with
 * its size (first contact, or after a restart) the request is retried once from there.
 * @example await collectCosignatures({ note, proofs: log.proofs, witnesses, knownSizes })
 */
export async function collectCosignatures(input: {
  note: string;
  proofs: ProofReader;
  witnesses: readonly WitnessClient[];
  /** Last size each witness cosigned, by witness name; updated in place. */
  knownSizes: Map<string, number>;
}): Promise<CosignResult> {
  const { size } = parseCheckpoint(parseNote(input.note).text);
  const ask = async (w: WitnessClient, oldSize: number): Promise<string[]> => {
    const proof = oldSize > 0 && oldSize < size ? await input.proofs.consistencyProof(oldSize, size) : [];
    return w.addCheckpoint({ oldSize, proof, checkpoint: input.note });
  };
  const answers = await Promise.all(input.witnesses.map(async (w) => {
    try {
      let lines: string[];
      try {
        lines = await ask(w, input.knownSizes.get(w.name) ?? 0);
      } catch (e) {
        const err = e as StatusError;
        if (err.status !== 409 || typeof err.facts?.size !== 'number' || err.facts.size > size) throw e;
        lines = await ask(w, err.facts.size);
      }
      input.knownSizes.set(w.name, size);
      return { witness: w.name, lines };
    } catch (e) {
      const err = e as StatusError;
      return { witness: w.name, error: { status: err.status, reason: err.message ?? String(e) } };
    }
  }));
  let note = input.note;
  const cosigned: string[] = [];
  const refused: CosignResult['refused'] = [];
  for (const a of answers) {
    if ('lines' in a && a.lines) {
      note = addSignatureLines(note, a.lines);
      cosigned.push(a.witness);
    } else if ('error' in a && a.error) refused.push({ witness: a.witness, ...a.error });
  }
  return { note, cosigned, refused };
}
