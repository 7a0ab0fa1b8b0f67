// `onething check uscc|id|regno VALUE… [--file PATH]`: validates codes the way data officers meet them,
// on the command line or one per line in a department's file, and names every check that fails.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { validateIdNumber } from '../../kernel/id-number.ts';
import { validateRegistrationNumber, validateUscc } from '../../kernel/uscc.ts';
import type { ValidationResult } from '../../kernel/validation.ts';

/** What `check` can validate. */
export const CHECK_KINDS = {
  uscc: { label: 'unified social credit code (GB 32100-2015)', validate: (v: string) => validateUscc(v) },
  id: { label: 'resident identity number (GB 11643-1999)', validate: (v: string, today?: string) => validateIdNumber(v, today) },
  regno: {
    label: 'legacy 15-digit business registration number (ISO 7064 MOD 11,10)',
    validate: (v: string) => validateRegistrationNumber(v),
  },
} satisfies Record<string, { label: string; validate: (value: string, today?: string) => ValidationResult<unknown> }>;

/** One of the kinds `check` validates. */
export type CheckKind = keyof typeof CHECK_KINDS;

/** A value to check and where it came from (a file's line), if anywhere. */
export interface CheckInput {
  value: string;
  /** e.g. `codes.txt:12`. */
  source?: string;
}

/** Where `runCheck` writes, so tests can capture it. */
export interface CheckIo {
  out(line: string): void;
  err(line: string): void;
}

/** Exit codes: 0 all valid, 1 some invalid, 2 nothing to check or a file that cannot be read. */
export const CHECK_EXIT = { allValid: 0, someInvalid: 1, usage: 2 } as const;

/** The values in a file's text, one per line; blank lines and surrounding spaces are ignored, line numbers kept. */
export function readCheckLines(text: string, path: string): CheckInput[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, i) => ({ value: line.trim(), source: `${path}:${i + 1}` }))
    .filter((input) => input.value.length > 0);
}

/**
 * Validates every value, prints each invalid one with each failed check, then a summary line, and
 * returns the exit code (0 when all are valid).
 */
export function runCheck(kind: CheckKind, values: readonly (string | CheckInput)[], io: CheckIo, options: { today?: string } = {}): number {
  const inputs = values.map((v) => (typeof v === 'string' ? { value: v.trim() } : v));
  if (inputs.length === 0) {
    io.err(`Nothing to check: give one or more values, or --file PATH with one ${CHECK_KINDS[kind].label} per line.`);
    return CHECK_EXIT.usage;
  }
  let invalid = 0;
  for (const input of inputs) {
    const result = CHECK_KINDS[kind].validate(input.value, options.today);
    if (result.ok) continue;
    invalid += 1;
    io.out(`${input.value}${input.source ? ` (${input.source})` : ''}: invalid`);
    for (const e of result.errors) io.out(`  ${e.check}: ${e.message}`);
  }
  const total = inputs.length;
  if (invalid === 0) {
    io.out(`${total} valid`);
    return CHECK_EXIT.allValid;
  }
  io.out(`${invalid} of ${total} invalid, ${total - invalid} valid`);
  return CHECK_EXIT.someInvalid;
}

const consoleIo: CheckIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Registers `check uscc|id|regno` on the CLI program; the exit code is set on `process.exitCode`. */
export function registerCheckCommand(program: Command, io: CheckIo = consoleIo): Command {
  const check = program
    .command('check')
    .description('validate unified social credit codes, identity numbers or registration numbers');
  for (const kind of Object.keys(CHECK_KINDS) as CheckKind[]) {
    check
      .command(`${kind} [values...]`)
      .description(`validate each ${CHECK_KINDS[kind].label}; exit 0 when all are valid, 1 otherwise`)
      .option('-f, --file <path>', 'read values from a file, one per line')
      .action((values: string[], opts: { file?: string }) => {
        const inputs: (string | CheckInput)[] = [...values];
        if (opts.file) {
          let text: string;
          try {
            text = readFileSync(opts.file, 'utf8');
          } catch (e) {
            io.err(`Cannot read ${opts.file}: ${(e as Error).message}`);
            process.exitCode = CHECK_EXIT.usage;
            return;
          }
          inputs.push(...readCheckLines(text, opts.file));
        }
        process.exitCode = runCheck(kind, inputs, io);
      });
  }
  return check;
}
