import type { CliIo } from './context.ts';

/** A CliIo that keeps what a command printed: `lines` from stdout, `errors` from stderr (for tests). */
export function captureIo(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}
