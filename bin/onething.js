#!/usr/bin/env -S node --max-semi-space-size=64
// A 64 MiB young generation: short-lived per-request objects (rule explanations, portraits) die there instead of
// being promoted and collected by the old generation; explain p99 fell from 8.9 ms to ~1 ms (docs/benchmarks.md).
// Runs the TypeScript CLI directly through tsx: no build step between a clone and `npx onething`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
