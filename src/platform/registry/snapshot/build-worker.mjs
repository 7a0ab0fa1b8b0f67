// Worker-thread entry of a parallel snapshot build: loads the TypeScript build code through tsx
// (the project runs TypeScript without a build step), then hands over to build-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./build-worker.ts');
