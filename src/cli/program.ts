import { Command } from 'commander';
import { registerAuditCommand } from './commands/audit.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerCheckCommand } from './commands/check.ts';
import { registerVerifyCommand } from './commands/verify.ts';
import { registerFilesCommand } from './commands/files.ts';
import { registerFlowCommand } from './commands/flow.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerSeedCommand } from './commands/seed.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerRulesCommand } from './commands/rules.ts';
import { registerUserCommand } from './commands/user.ts';

/** The `onething` command line. */
export function createProgram(): Command {
  const program = new Command('onething').description('onething: a city’s business services as one things (一件事)').version('0.1.0');
  registerStartCommand(program);
  registerSeedCommand(program);
  registerMigrateCommand(program);
  registerUserCommand(program);
  registerBackupCommands(program);
  registerCheckCommand(program);
  registerVerifyCommand(program);
  registerAuditCommand(program);
  registerFilesCommand(program);
  registerFlowCommand(program);
  registerImportCommand(program);
  registerRulesCommand(program);
  return program;
}
