// `onething audit verify [--json]`: recomputes every audit row's hash against the audit-trail
// evidence log and its cosigned checkpoint (docs/evidence.md). Read-only: it neither seals nor
// signs, so it runs beside a running server and needs no master key.
import type { Command } from 'commander';
import { AUDIT_TRAIL_LOG } from '../../platform/evidence/evidence.services.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import { openPlatformDatabase, processIo, type CliIo } from '../context.ts';

/** Checks the audit trail; returns the exit code (0 all rows match, 1 problems or no trail yet). */
export async function runAuditVerify(services: Pick<PlatformServices, 'evidence'>, options: { json?: boolean }, io: CliIo): Promise<0 | 1> {
  if (!(await services.evidence.listLogs()).some((l) => l.name === AUDIT_TRAIL_LOG)) {
    io.err('NOT VERIFIED: there is no audit-trail log yet (the server seals the audit log while it runs)');
    return 1;
  }
  const result = await services.evidence.auditTrail.verify();
  if (options.json) {
    io.out(JSON.stringify(result));
  } else if (result.ok) {
    io.out(`VERIFIED: ${result.checkedRows} audit rows match their entries in ${AUDIT_TRAIL_LOG}`);
    if (result.checkpoint) io.out(`  cosigned checkpoint size ${result.checkpoint.size}, root ${result.checkpoint.rootHash}, by ${result.checkpoint.cosigners.length} witnesses`);
    if (result.unpublished > 0) io.out(`  ${result.unpublished} newer entries are not yet under a cosigned checkpoint`);
  } else {
    io.err(`NOT VERIFIED: ${result.problems.length} problems in ${result.checkedRows} sealed audit rows`);
    for (const p of result.problems) io.err(`  ${p.problem}${p.auditId ? ` ${p.auditId}` : ''}${p.logIndex !== null ? ` (entry ${p.logIndex})` : ''}: ${p.detail}`);
  }
  return result.ok ? 0 : 1;
}

/** Registers `onething audit verify`. */
export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('the audit trail sealed into an evidence log')
    .command('verify')
    .description('recompute every audit row’s hash and compare it with the audit-trail log and its cosigned checkpoint')
    .option('--json', 'print one JSON line')
    .action(async (options: { json?: boolean }) => {
      const platform = await openPlatformDatabase();
      try {
        process.exitCode = await runAuditVerify(platform.services, options, processIo);
      } finally {
        await platform.close();
      }
    });
}
