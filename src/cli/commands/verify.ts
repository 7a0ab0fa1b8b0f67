import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
// The bundle module alone: the verifier loads no database driver.
import { verifyProofBundle, type BundleVerdict } from '../../engines/ledger/bundle.ts';

/** Where the verify command reads and writes; replaced in tests. */
export interface VerifyIo {
  readFile(path: string): Promise<string>;
  out(line: string): void;
  err(line: string): void;
}

const defaultIo: VerifyIo = {
  readFile: (path) => (path === '-' ? readStdin() : readFile(path, 'utf8')),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function describeVerdict(v: BundleVerdict): string[] {
  return [
    `VERIFIED: entry #${v.leafIndex} (leaf hash ${v.hashSuite} ${v.leafHashHex})`,
    `  is included in log ${v.origin} at tree size ${v.treeSize}, root ${v.rootHash};`,
    `  the checkpoint is signed by the log key and cosigned by ${v.cosigners.length} of ${v.witnesses} witnesses (quorum ${v.quorum}):`,
    ...v.cosigners.map((c) => `    - ${c}`),
  ];
}

/** Runs the verification of one bundle file; returns the exit code (0 verified, 1 not). */
export async function runVerify(path: string, options: { json?: boolean }, io: VerifyIo = defaultIo): Promise<0 | 1> {
  let bundle: unknown;
  try {
    bundle = JSON.parse(await io.readFile(path));
  } catch (e) {
    io.err(`NOT VERIFIED: cannot read ${path} as JSON: ${(e as Error).message}`);
    return 1;
  }
  try {
    const verdict = await verifyProofBundle(bundle);
    if (options.json) io.out(JSON.stringify({ verified: true, ...verdict }));
    else describeVerdict(verdict).forEach((l) => io.out(l));
    return 0;
  } catch (e) {
    const err = e as Error & { code?: string; field?: string };
    const reason = `${err.message}${err.code ? ` [${err.code}]` : ''}`;
    if (options.json) io.out(JSON.stringify({ verified: false, reason, code: err.code ?? err.field ?? null }));
    else io.err(`NOT VERIFIED: ${reason}`);
    return 1;
  }
}

/**
 * Adds `onething verify BUNDLE.json`: checks a ledger proof bundle offline (checkpoint
 * signatures, witness quorum, inclusion proof) and exits 0 if it proves the entry, 1 if not.
 */
export function registerVerifyCommand(program: Command, io: VerifyIo = defaultIo): Command {
  return program
    .command('verify')
    .description('verify a ledger proof bundle offline: log signature, witness quorum and inclusion proof')
    .argument('<bundle>', 'proof bundle JSON file (format onething-proof-bundle/v1), or - for stdin')
    .option('--json', 'print the verdict as one JSON line')
    .action(async (path: string, options: { json?: boolean }) => {
      process.exitCode = await runVerify(path, options, io);
    });
}
