import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Where `vite build` puts the web app. */
export const WEB_DIST = join(REPO_ROOT, 'web', 'dist');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) if (entry !== 'dist' && entry !== 'node_modules') newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether web/dist is missing or older than any source of the web app (or the kernel it imports). */
export function isWebBuildStale(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return newestMtime(join(REPO_ROOT, 'web')) > built || newestMtime(join(REPO_ROOT, 'src', 'kernel')) > built;
}

/** Builds the web app with Vite when it is stale; returns whether it built. Throws if the build fails. */
export function ensureWebBuilt(options: { force?: boolean; quiet?: boolean } = {}): boolean {
  if (!options.force && !isWebBuildStale()) return false;
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(REPO_ROOT, 'web', 'vite.config.ts')], {
    cwd: REPO_ROOT,
    stdio: options.quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`Web build failed (exit ${result.status}):\n${result.stderr ?? ''}`);
  return true;
}
