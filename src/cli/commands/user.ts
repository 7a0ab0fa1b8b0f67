import type { Command } from 'commander';
import { AppError } from '../../kernel/errors.ts';
import { isRole, ROLES, type Role } from '../../kernel/roles.ts';
import { openPlatformDatabase, processIo } from '../context.ts';

interface UserAddOptions {
  username: string;
  name: string;
  role: string;
  org: string;
  uscc?: string;
  passwordEnv: string;
  oidcOnly?: boolean;
}

/** `onething user add`: create an account. The password comes from an environment variable, never argv. */
export function registerUserCommand(program: Command): void {
  const user = program.command('user').description('Manage accounts');
  user
    .command('add')
    .description('Create an account')
    .requiredOption('--username <username>', 'login name (lower case)')
    .requiredOption('--name <displayName>', 'display name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .requiredOption('--org <code>', 'code of the organisation the user belongs to')
    .option('--uscc <uscc>', 'for enterprise users: the company’s USCC')
    .option('--password-env <name>', 'environment variable holding the password', 'ONETHING_PASSWORD')
    .option('--oidc-only', 'no password: the user signs in through OIDC')
    .action(async (options: UserAddOptions) => {
      const password = options.oidcOnly ? null : (process.env[options.passwordEnv] ?? '');
      if (!isRole(options.role)) {
        processIo.err(`--role: unknown role "${options.role}" (one of ${ROLES.join(', ')})`);
        process.exitCode = 1;
        return;
      }
      if (password === '') {
        processIo.err(`${options.passwordEnv}: set the password in this environment variable (or use --oidc-only)`);
        process.exitCode = 1;
        return;
      }
      const ctx = await openPlatformDatabase();
      try {
        const org = await ctx.services.identity.findOrgByCode(options.org);
        if (!org) throw new AppError('validation.failed', 'Unknown org', { errors: [{ field: 'org', rule: 'exists', message: `No organisation with code ${options.org}` }] });
        const created = await ctx.services.identity.createUser({
          username: options.username,
          displayName: options.name,
          password,
          role: options.role as Role,
          orgId: org.id,
          enterpriseUscc: options.uscc ?? null,
        });
        await ctx.services.audit.record({ actor: null, action: 'user.create', target: created.id, details: { via: 'cli', username: created.username } });
        processIo.out(`created ${created.username} (${created.role}) in ${org.name}`);
      } catch (error) {
        if (error instanceof AppError) {
          const details = error.details as { errors?: { field: string; rule: string; message: string }[] } | undefined;
          processIo.err(error.message);
          for (const e of details?.errors ?? []) processIo.err(`  ${e.field}: ${e.message} [${e.rule}]`);
          process.exitCode = 1;
        } else throw error;
      } finally {
        await ctx.close();
      }
    });
}
