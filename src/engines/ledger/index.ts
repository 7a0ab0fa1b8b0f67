/**
 * The ledger engine: an RFC 9162 Merkle log on the database with C2SP signed-note
 * checkpoints, witness cosignatures (Ed25519 or SM2), anchoring and offline proof bundles.
 * Generic: usable on its own, it knows nothing of the domains that append to it.
 */
export { sm3 } from '../../kernel/sm3.ts';
export { sm2Sign, sm2Verify, sm2PublicKey, sm2RandomPrivateKey, sm2Za, SM2_DEFAULT_ID } from './sm2.ts';
export { getHashSuite, isHashSuiteName, type HashSuite, type HashSuiteName } from './hash-suite.ts';
export {
  rootFromLeafHashes, inclusionPlan, consistencyPlan, verifyInclusion, verifyConsistency, rootFromInclusionProof, type NodeId,
} from './merkle.ts';
export { ProofError, type ProofErrorCode } from './proof-error.ts';
export { toBase64, fromBase64, toHex, fromHex, utf8 } from './bytes.ts';
export { generateSignerKey, parseSignerKey, parseVerifierKey, computeKeyId, type KeyAlgorithm, type SignerKey, type VerifierKey } from './keys.ts';
export { signNote, verifyNote, parseNote, addSignatureLines, NoteError, type VerifiedSignature } from './note.ts';
export { formatCheckpoint, parseCheckpoint, verifyCheckpoint, type Checkpoint, type TrustPolicy, type TrustedCheckpoint } from './checkpoint.ts';
export { ledgerMigrations } from './ledger.migrations.ts';
export { createLedgerRepository, LogConflictError, type LedgerRepository } from './ledger.repository.ts';
export { createLedger, LedgerLog, type Ledger, type AppendResult, type BulkAppendResult, type LedgerLogOptions } from './ledger-log.ts';
export { createProofReader, type ProofReader } from './proof-reader.ts';
export { createWitness, WitnessError, parseAddCheckpointBody, formatAddCheckpointBody, type Witness, type AddCheckpointRequest, type WitnessedLog } from './witness.ts';
export { collectCosignatures, type WitnessClient, type CosignResult } from './cosigning.ts';
export { exportAnchor, createAnchorScheduler, type AnchorExport } from './anchor.ts';
export { verifyProofBundle, buildProofBundle, BundleError, type ProofBundle, type BundleVerdict } from './bundle.ts';
export { witnessRoutes } from './witness.routes.ts';
