import type { Command } from 'commander';
import { loadConfig } from '../../api/config.ts';
import { startPlatform } from '../../api/server.ts';
import { ensureWebBuilt } from '../../api/web-build.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../platform/demo/demo-city.ts';
import { isDemoCitySeeded } from '../../platform/demo/seed-demo-city.ts';
import { processIo } from '../context.ts';

/** `onething start`: migrate, seed the demo city on first start, serve the API and the web app. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Start the platform (API and web app); seeds the demo city on first start')
    .option('--build', 'build the web app first if its sources changed')
    .option('--no-demo', 'do not seed the demo city')
    .action(async (options: { build?: boolean; demo: boolean }) => {
      const io = processIo;
      const config = loadConfig();
      if (options.build && ensureWebBuilt()) io.err('web app built');
      let lastPercent = -1;
      const running = await startPlatform({
        config,
        demo: { enterprises: options.demo ? config.demoEnterprises : 0 },
        onSeedProgress(done, total) {
          const percent = Math.floor((done / total) * 100);
          if (percent !== lastPercent && percent % 10 === 0) io.err(`seeding demo city: ${percent}% (${done}/${total})`);
          lastPercent = percent;
        },
      });
      if (running.seeded) io.out(`Demo city seeded: ${running.seeded.enterprises} enterprises, ${running.seeded.users.length} accounts.`);
      io.out('');
      io.out(`onething is running at ${running.url}  (database: ${running.database.description})`);
      io.out(`API reference: ${running.url}/docs`);
      if (options.demo && (await isDemoCitySeeded(running.services))) {
        io.out(`Demo logins (password ${DEMO_PASSWORD}):`);
        for (const account of DEMO_ACCOUNTS) io.out(`  ${account.username.padEnd(18)} ${account.description}`);
      }
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
