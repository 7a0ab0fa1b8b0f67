// The import-boundary rule: imports point down only (DESIGN.md, "Layers").
//   api/cli → scenarios → platform → engines → kernel, db
// Scenarios never import each other, engines never import each other or anything above them,
// the web app reaches only the pure kernel, and only src/db names a concrete database driver.
import { dirname, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const DRIVERS = new Set(['better-sqlite3', 'pg', 'kysely-pglite', '@electric-sql/pglite']);

/** The layer of a repository-relative path, or undefined for files outside the layered tree. */
export function layerOf(path) {
  const p = path.split('\\').join('/');
  let m;
  if (p.startsWith('src/kernel/')) return { kind: 'kernel' };
  if (p.startsWith('src/db/')) return { kind: 'db' };
  if ((m = /^src\/engines\/([^/]+)\//.exec(p))) return { kind: 'engine', name: m[1] };
  if (p.startsWith('src/platform/')) return { kind: 'platform' };
  if ((m = /^src\/scenarios\/([^/]+)\//.exec(p))) return { kind: 'scenario', name: m[1] };
  if (p.startsWith('src/scenarios/')) return { kind: 'scenarios-root' };
  if (p.startsWith('src/api/')) return { kind: 'api' };
  if (p.startsWith('src/cli/')) return { kind: 'cli' };
  if (p.startsWith('web/')) return { kind: 'web' };
  return undefined;
}

/** Why `from` may not import `to`, or undefined when it may. */
export function violation(from, to) {
  const below = {
    kernel: ['kernel'],
    db: ['kernel', 'db'],
    engine: ['kernel', 'db', 'engine'],
    platform: ['kernel', 'db', 'engine', 'platform'],
    scenario: ['kernel', 'db', 'engine', 'platform', 'scenario'],
    'scenarios-root': ['kernel', 'db', 'engine', 'platform', 'scenario', 'scenarios-root'],
    api: ['kernel', 'db', 'engine', 'platform', 'scenario', 'scenarios-root', 'api'],
    cli: ['kernel', 'db', 'engine', 'platform', 'scenario', 'scenarios-root', 'api', 'cli'],
    web: ['kernel', 'web'],
  };
  if (!below[from.kind].includes(to.kind)) return `${from.kind} may not import ${to.kind} (imports point down only)`;
  if (from.kind === 'engine' && to.kind === 'engine' && from.name !== to.name)
    return `engine ${from.name} may not import engine ${to.name} (engines stand alone)`;
  if (from.kind === 'scenario' && to.kind === 'scenario' && from.name !== to.name)
    return `scenario ${from.name} may not import scenario ${to.name}`;
  return undefined;
}

export default {
  meta: { type: 'problem', docs: { description: 'imports point down the layers only' }, schema: [] },
  create(context) {
    const file = relative(root, context.filename);
    const from = layerOf(file);
    function check(node, source) {
      if (typeof source !== 'string') return;
      const bare = source.startsWith('.') ? undefined : source.split('/').slice(0, source.startsWith('@') ? 2 : 1).join('/');
      if (bare) {
        if (DRIVERS.has(bare) && from && from.kind !== 'db')
          context.report({ node, message: `only src/db may import the database driver "${bare}"` });
        return;
      }
      if (!from) return;
      const to = layerOf(relative(root, resolve(dirname(context.filename), source)));
      if (!to) return;
      const why = violation(from, to);
      if (why) context.report({ node, message: `${why}: "${source}"` });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
