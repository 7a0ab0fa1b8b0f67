// `onething import FILE --source DEPT [--data-dir DIR] [--partial] [--period P]`: one department
// batch (CSV, XLSX or JSON lines) into the enterprise mirror, validated row by row; the whole batch
// commits or nothing does, and the rejection report names row, field and reason.
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../../api/config.ts';
import { AppError } from '../../kernel/errors.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import type { IntakeProgress, IntakeResult } from '../../platform/registry/intake/intake.service.ts';
import { formatOfFileName, INTAKE_FORMATS, type IntakeFormat } from '../../platform/registry/intake/sources.ts';
import { openPlatformDatabase, processIo, type CliIo } from '../context.ts';

/** Options of one import. */
export interface ImportOptions {
  source: string;
  partial?: boolean;
  period?: string;
  format?: IntakeFormat;
  interface?: string;
  /** JSON object: source column → catalogue key (or null to ignore). */
  mapping?: string;
}

/** Exit codes: 0 committed (or a re-send that changed nothing), 1 rejected or failed, 2 usage. */
export const IMPORT_EXIT = { ok: 0, rejected: 1, usage: 2 } as const;

/** Prints the outcome of an import: a summary line, then the rejection report; returns the exit code. */
export function reportImport(result: IntakeResult, io: CliIo): number {
  const b = result.batch;
  if (b.status === 'duplicate') {
    io.out(`unchanged: this batch was already imported as ${result.duplicateOf} (${b.rowsTotal} rows); nothing changed`);
    return IMPORT_EXIT.ok;
  }
  const ok = b.status === 'committed' || b.status === 'partial';
  io.out(`${b.status}: batch ${b.id} from ${b.source}: ${b.rowsTotal} rows read, ${b.rowsAccepted} committed, ${b.rowsRejected} rejected, ${b.valuesCount} values`);
  if (b.rejections.length > 0) {
    io.out('row\tfield\trule\treason');
    for (const r of b.rejections) io.out(`${r.row}\t${r.field}\t${r.rule}\t${r.reason}`);
    if (b.rowsRejected > new Set(b.rejections.map((r) => r.row)).size) io.out(`… the report is cut at ${b.rejections.length} entries; ${b.rowsRejected} rows were rejected in all`);
  }
  if (!ok) io.err(b.message ?? `batch ${b.status}: nothing was committed`);
  return ok ? IMPORT_EXIT.ok : IMPORT_EXIT.rejected;
}

/** Imports one file through the platform's intake service; `onProgress` drives the bar. */
export async function importFile(services: PlatformServices, file: string, options: ImportOptions, onProgress?: (p: IntakeProgress) => void): Promise<IntakeResult> {
  const format = options.format ?? formatOfFileName(file);
  if (!format) throw new AppError('validation.failed', `Cannot tell the format of ${file}: use --format ${INTAKE_FORMATS.join('|')}`);
  const size = statSync(file).size;
  let mapping: Record<string, string | null> | undefined;
  if (options.mapping) {
    try {
      mapping = JSON.parse(options.mapping) as Record<string, string | null>;
    } catch {
      throw new AppError('validation.failed', '--mapping must be a JSON object such as {"税号":"uscc"}');
    }
  }
  return services.registry.intake.run(null, {
    source: options.source, interface: options.interface ?? 'file', format, open: () => createReadStream(file, { highWaterMark: 1 << 20 }), size,
    fileName: basename(file), period: options.period, partial: options.partial ?? false, mapping,
  }, { onProgress });
}

/** `onething import`. */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Import a department batch (CSV, XLSX, JSON lines) into the enterprise mirror')
    .argument('<file>', 'the batch file (.csv, .xlsx, .jsonl)')
    .requiredOption('--source <dept>', 'sending department code (e.g. tax, stats, market)')
    .option('--data-dir <dir>', 'data directory (default DATA_DIR or ./data)')
    .option('--partial', 'commit the good rows and report the rejected ones')
    .option('--period <period>', 'period of rows without one: 2025, 2025-Q3, 2025-09 or 2025-09-30')
    .option('--format <format>', `file format: ${INTAKE_FORMATS.join(', ')} (default: by extension)`)
    .option('--interface <name>', 'the interface the file came through (lineage)', 'file')
    .option('--mapping <json>', 'JSON object mapping source columns to catalogue keys')
    .action(async (file: string, opts: ImportOptions & { dataDir?: string }) => {
      const config = loadConfig(opts.dataDir ? { ...process.env, DATA_DIR: opts.dataDir } : process.env);
      const platform = await openPlatformDatabase(config);
      const bar = new SingleBar({ format: 'importing [{bar}] {percentage}% | {rows} rows | {rejected} rejected', stream: process.stderr, hideCursor: true, noTTYOutput: false });
      let started = false;
      try {
        const result = await importFile(platform.services, file, opts, (p) => {
          if (!started) {
            bar.start(p.bytesTotal ?? 1, 0, { rows: 0, rejected: 0 });
            started = true;
          }
          bar.update(p.bytesRead, { rows: p.rowsRead, rejected: p.rowsRejected });
        });
        if (started) bar.stop();
        process.exitCode = reportImport(result, processIo);
      } catch (error) {
        if (started) bar.stop();
        if (error instanceof AppError) {
          processIo.err(`${error.code}: ${error.message}`);
          const details = error.details as { errors?: { field: string; message: string }[] } | undefined;
          for (const e of details?.errors ?? []) processIo.err(`  ${e.field}: ${e.message}`);
          process.exitCode = IMPORT_EXIT.usage;
        } else throw error;
      } finally {
        await platform.close();
      }
    });
}
