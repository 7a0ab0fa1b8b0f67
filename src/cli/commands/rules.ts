import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { explainSubject, rowSubject, validateUnit, type AttributeSchema, type Explanation, type Facts } from '../../engines/rules/index.ts';
import { AppError, type FieldError } from '../../kernel/errors.ts';
import { runUnitTests } from '../../platform/policy/author-tests.ts';
import { checkFacts, isDay } from '../../platform/policy/facts.ts';
import { SHIPPED_POLICY_SCHEMA } from '../../platform/policy/policy-schema.ts';
import { compileAt } from '../../platform/policy/population.ts';
import { readUnitFiles, type UnitFile } from '../../platform/policy/unit-files.ts';

/** Exit codes of `onething rules`: 0 all good, 1 some author test failed, 2 bad input (file, unit, subject, date). */
export const RULES_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Where the rules commands read and write; replaced in tests. */
export interface RulesIo {
  out(line: string): void;
  err(line: string): void;
  /** Today, `YYYY-MM-DD` (the default evaluation date). */
  today(): string;
}

const defaultIo: RulesIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  today: () => new Date().toISOString().slice(0, 10),
};

class UsageError extends Error {
  constructor(readonly errors: FieldError[], message: string) {
    super(message);
  }
}

function usage(field: string, rule: string, message: string): UsageError {
  return new UsageError([{ field, rule, message }], message);
}

/** Reads and validates the units of a file or folder against the shipped catalogue's attributes. */
function loadUnits(path: string, schema: AttributeSchema): UnitFile[] {
  let files: UnitFile[];
  try {
    files = readUnitFiles(path);
  } catch (e) {
    if (e instanceof AppError) throw new UsageError((e.details as { errors?: FieldError[] } | undefined)?.errors ?? [], e.message);
    throw e;
  }
  const errors = files.flatMap((f) => validateUnit(f.unit, schema).map((x) => ({ ...x, field: `${f.path} (${f.unit.id})${x.field}` })));
  if (errors.length > 0) throw new UsageError(errors, `${errors.length} problem(s) in the units of ${path}`);
  return files;
}

function failedConditions(e: Explanation | undefined, lang: 'zh' | 'en', out: string[] = []): string[] {
  if (!e) return out;
  if (e.kind === 'condition') {
    if (!e.held) out.push(e[lang]);
  } else if (e.kind === 'not') out.push(`${lang === 'zh' ? '并非' : 'not'}: ${JSON.stringify(e.items.map((x) => (x.kind === 'condition' ? x[lang] : x.kind)))}`);
  else for (const x of e.items) failedConditions(x, lang, out);
  return out;
}

function report(io: RulesIo, e: unknown): typeof RULES_EXIT.usage {
  if (!(e instanceof UsageError)) throw e;
  io.err(`error: ${e.message}`);
  for (const x of e.errors) io.err(`  ${x.field}  ${x.rule}  ${x.message}`);
  return RULES_EXIT.usage;
}

/** `rules test PATH`: runs every unit's author tests; prints each case; 1 when any fails. */
export function runRulesTest(path: string, options: { asOf?: string; json?: boolean }, io: RulesIo = defaultIo, schema: AttributeSchema = SHIPPED_POLICY_SCHEMA): number {
  try {
    if (options.asOf !== undefined && !isDay(options.asOf)) throw usage('--as-of', 'date.format', `--as-of ${options.asOf} is not a YYYY-MM-DD date`);
    const files = loadUnits(path, schema);
    let passed = 0;
    let failed = 0;
    const all = [];
    for (const { unit } of files) {
      for (const r of runUnitTests(unit, schema, options.asOf ?? io.today())) {
        all.push(JSON.parse(JSON.stringify(r)));
        if (r.passed) passed++;
        else failed++;
        if (options.json) continue;
        const expected = `${r.expected.eligible ? 'eligible' : 'not eligible'}${r.expected.amount !== undefined ? `, ${r.expected.amount} fen` : ''}`;
        if (r.passed) io.out(`PASS  ${r.unit} › ${r.name}  (as of ${r.asOf}: ${expected})`);
        else if (r.error) io.out(`FAIL  ${r.unit} › ${r.name}  (as of ${r.asOf}): ${r.error}`);
        else {
          io.out(`FAIL  ${r.unit} › ${r.name}  (as of ${r.asOf}): expected ${expected}; got ${r.actual.eligible ? 'eligible' : 'not eligible'}, ${r.actual.amount} fen`);
          for (const line of failedConditions(r.explanation, 'zh')) io.out(`        ${line}`);
          for (const line of failedConditions(r.explanation, 'en')) io.out(`        ${line}`);
        }
      }
    }
    if (options.json) io.out(JSON.stringify({ passed, failed, results: all }, null, 2));
    else io.out(`${files.length} unit(s), ${passed + failed} case(s): ${passed} passed, ${failed} failed`);
    if (passed + failed === 0) io.err('warning: the units carry no author tests');
    return failed > 0 ? RULES_EXIT.failed : RULES_EXIT.ok;
  } catch (e) {
    return report(io, e);
  }
}

/** `rules eval PATH --subject FILE`: every unit's result for one subject's facts, as JSON. */
export function runRulesEval(path: string, options: { subject?: string; asOf?: string }, io: RulesIo = defaultIo, schema: AttributeSchema = SHIPPED_POLICY_SCHEMA): number {
  try {
    if (!options.subject) throw usage('--subject', 'required', '--subject FILE.json is required (the facts of the subject)');
    const asOf = options.asOf ?? io.today();
    if (!isDay(asOf)) throw usage('--as-of', 'date.format', `--as-of ${asOf} is not a YYYY-MM-DD date`);
    let text: string;
    try {
      text = readFileSync(options.subject, 'utf8');
    } catch {
      throw usage('--subject', 'exists', `${options.subject}: no such file`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw usage('--subject', 'json.parse', `${options.subject}: not JSON (${(e as Error).message})`);
    }
    // A subject file holds the facts, or { "facts": { … } }.
    const facts = doc !== null && typeof doc === 'object' && 'facts' in doc ? (doc as { facts: unknown }).facts : doc;
    const factErrors = checkFacts(facts, schema);
    if (factErrors.length > 0) throw new UsageError(factErrors, `${options.subject}: ${factErrors.length} problem(s) in the facts`);
    const files = loadUnits(path, schema);
    const units = files.map((f) => compileAt(f.unit, schema, asOf));
    const results = explainSubject(units, rowSubject(facts as Facts, schema), schema);
    io.out(JSON.stringify({ asOf, subject: options.subject, results }, null, 2));
    return RULES_EXIT.ok;
  } catch (e) {
    return report(io, e);
  }
}

/** Adds `onething rules test PATH` and `onething rules eval PATH --subject FILE.json [--as-of DATE]`. */
export function registerRulesCommand(program: Command, io: RulesIo = defaultIo): Command {
  const rules = program.command('rules').description('policy units (JSON files): run their author tests, evaluate a subject');
  rules
    .command('test')
    .description('run the author tests of the units in a file or folder; exit 1 when any fails, 2 on a bad unit')
    .argument('<path>', 'a unit file (.json: one unit or an array) or a folder of them')
    .option('--as-of <date>', 'evaluation date for tests that give none (default: the unit’s validFrom, else today)')
    .option('--json', 'print the results as JSON')
    .action((path: string, options: { asOf?: string; json?: boolean }) => {
      process.exitCode = runRulesTest(path, options, io);
    });
  rules
    .command('eval')
    .description('print, as JSON, every unit’s result for one subject with its explanation')
    .argument('<path>', 'a unit file or a folder of them')
    .option('--subject <file>', 'JSON file with the subject’s facts (attribute key → value; periodic: array, latest first; money in fen)')
    .option('--as-of <date>', 'evaluation date, YYYY-MM-DD (default today)')
    .action((path: string, options: { subject?: string; asOf?: string }) => {
      process.exitCode = runRulesEval(path, options, io);
    });
  return rules;
}
