#!/usr/bin/env node
// `npm run bench -- NAME [args]` runs bench/NAME.bench.ts; its last line is `RESULT {json}`.
import { register } from 'tsx/esm/api';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join, dirname } from 'node:path';

register();
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench');
const name = process.argv[2];
const available = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
if (!name || !existsSync(join(dir, `${name}.bench.ts`))) {
  process.stderr.write(`usage: npm run bench -- NAME [args]\navailable: ${available.join(', ')}\n`);
  process.exit(2);
}
process.argv.splice(2, 1);
await import(pathToFileURL(join(dir, `${name}.bench.ts`)).href);
