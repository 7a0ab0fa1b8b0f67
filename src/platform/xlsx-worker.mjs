// Worker-thread entry of the XLSX reader (xlsx-read.ts): loads the TypeScript reader through tsx (the project
// runs TypeScript without a build step), then hands over to xlsx-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./xlsx-worker.ts');
