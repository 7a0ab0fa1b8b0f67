/** Why a proof, a note or a bundle was rejected: a stable code and the facts behind it. */
export type ProofErrorCode =
  | 'proof.indexOutOfRange'
  | 'proof.hashLength'
  | 'proof.tooShort'
  | 'proof.tooLong'
  | 'proof.rootMismatch'
  | 'proof.sizeOrder'
  | 'proof.emptyTree'
  | 'proof.notEmpty'
  | 'proof.empty';

/**
 * A rejected Merkle proof. `code` says which rule failed; `facts` carries the sizes and
 * indexes involved so a caller can print a precise reason.
 * @example throw new ProofError('proof.tooShort', 'inclusion proof has 3 hashes, 5 needed', { leafIndex: 4 })
 */
export class ProofError extends Error {
  readonly code: ProofErrorCode;
  readonly facts: Readonly<Record<string, unknown>>;

  constructor(code: ProofErrorCode, message: string, facts: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ProofError';
    this.code = code;
    this.facts = facts;
  }
}
