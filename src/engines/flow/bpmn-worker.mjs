// Worker-thread entry of the BPMN checker (bpmn-thread.ts): loads the TypeScript checker through tsx (the project
// runs TypeScript without a build step), then hands over to bpmn-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./bpmn-worker.ts');
