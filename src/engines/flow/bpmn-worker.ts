// The BPMN checker's worker thread (bpmn-thread.ts): checks the one file it is given and posts what checkBpmn found.
// It runs with a bounded heap, so a file whose model outgrows it ends this thread, not the process that asked.
import { parentPort } from 'node:worker_threads';
import { checkBpmn, type BpmnProblem } from './bpmn-import.ts';
import type { CompiledProcess } from './model.ts';

/** The file to check, and which process of it (else the executable one). */
export interface BpmnCheckRequest {
  xml: string;
  processId?: string;
}
/** What the thread posts: checkBpmn's answer, or the message of what it threw. */
export type BpmnCheckMessage = { result: { process?: CompiledProcess; problems: BpmnProblem[]; notes?: BpmnProblem[] } } | { error: string };

const port = parentPort!;
port.once('message', (m: BpmnCheckRequest) => {
  checkBpmn(m.xml, m.processId === undefined ? {} : { processId: m.processId }).then(
    (result) => port.postMessage({ result } satisfies BpmnCheckMessage),
    (err: Error) => port.postMessage({ error: err.message } satisfies BpmnCheckMessage),
  );
});
