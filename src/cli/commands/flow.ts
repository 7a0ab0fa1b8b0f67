import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { checkBpmn } from '../../engines/flow/index.ts';
import { decodeXml } from '../../kernel/xml-text.ts';
import { processIo, type CliIo } from '../context.ts';

/**
 * Checks BPMN files against the flow engine's supported subset, each read in the encoding it declares (UTF-16,
 * GBK…: decodeXml); returns the exit code
 * (0: every file imports; 1: problems, each printed with id, type and line, or a file that cannot be read). A file
 * that imports may get notes (vendor settings left unread, elements no path from a start event reaches), which do
 * not change the exit code.
 */
export async function runFlowCheck(files: readonly string[], io: CliIo = processIo): Promise<number> {
  let exit = 0;
  for (const file of files) {
    let xml: string;
    try {
      xml = decodeXml(await readFile(file));
    } catch (error) {
      io.err(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      exit = 1;
      continue;
    }
    const { process, problems, notes = [] } = await checkBpmn(xml);
    if (process && problems.length === 0) {
      io.out(`${file}: ok — process "${process.key}" with ${Object.keys(process.nodes).length} elements`);
      // What imports but is not read or never runs: said, and the file still passes.
      for (const n of [...notes].sort((a, b) => a.line - b.line)) io.out(`  note, line ${n.line}: ${n.type} "${n.id}": ${n.message}`);
      continue;
    }
    exit = 1;
    io.out(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    // In file order (a stable sort: an element's problems stay in the order they were found).
    for (const p of [...problems].sort((a, b) => a.line - b.line)) io.out(`  line ${p.line}: ${p.type} "${p.id}": ${p.message}`);
  }
  return exit;
}

/** `onething flow check FILE.bpmn…`. */
export function registerFlowCommand(program: Command): void {
  const flow = program.command('flow').description('Flow engine tools');
  flow
    .command('check')
    .argument('<files...>', 'BPMN 2.0 XML files')
    .description('Check that BPMN files can be imported and run; list every unsupported or invalid element with id, type and line')
    .action(async (files: string[]) => {
      process.exitCode = await runFlowCheck(files);
    });
}
