// Worker-thread entry of the population pool: loads the TypeScript evaluator through tsx
// (the project runs TypeScript without a build), then hands over to population-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./population-worker.ts');
