import { boundedWorker, isOutOfMemory } from '../../kernel/bounded-worker.ts';
import { BpmnImportError, checkBpmn, type BpmnProblem } from './bpmn-import.ts';
import type { BpmnCheckMessage, BpmnCheckRequest } from './bpmn-worker.ts';
import type { CompiledProcess } from './model.ts';

/**
 * Files up to this many characters are checked where they are asked for; larger ones on a thread of their own.
 * Checking takes ~90 ms at 120,000 characters and ~0.9 s at 2.5 million (a chain of 20,000 tasks), all of it
 * holding the thread; a thread of its own starts in ~0.4 s.
 */
export const IN_PLACE_CHARS = 200_000;
/** Memory a checking thread may use (MB): a file whose model needs more is refused, the process unharmed. */
export const BPMN_HEAP_MB = 512;

/** Checking threads at once (each may take BPMN_HEAP_MB): further large files wait for one to end. */
export const BPMN_THREADS = 2;
let threads = 0;
const waiting: Array<() => void> = [];

/** Checking threads running now. */
export const bpmnThreadsBusy = (): number => threads;

/** Runs `f` on a checking thread's turn: an ending turn passes straight to the next waiting file. */
async function inTurn<T>(f: () => Promise<T>): Promise<T> {
  if (threads < BPMN_THREADS) threads++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await f();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else threads--;
  }
}

/** What checkBpmn answers. */
export type BpmnCheck = Awaited<ReturnType<typeof checkBpmn>>;

/**
 * checkBpmn without holding the caller's thread on a large file: one over `inPlaceChars` is checked on a thread of
 * its own with at most `heapMb` of heap (bpmn-worker.ts; BPMN_THREADS at once), so an upload of a few MB does not
 * stall every other request of a server for seconds. A file the thread cannot check within that memory is a
 * problem of the file.
 */
export async function checkBpmnAside(xml: string, options: { processId?: string } = {}, limits: { inPlaceChars?: number; heapMb?: number } = {}): Promise<BpmnCheck> {
  if (xml.length <= (limits.inPlaceChars ?? IN_PLACE_CHARS)) return checkBpmn(xml, options);
  const heapMb = limits.heapMb ?? BPMN_HEAP_MB;
  return inTurn(() => checkOnThread(xml, options, heapMb));
}

/** checkBpmn on a thread of its own with at most `heapMb` of heap. */
async function checkOnThread(xml: string, options: { processId?: string }, heapMb: number): Promise<BpmnCheck> {
  const worker = boundedWorker(new URL('./bpmn-worker.mjs', import.meta.url), heapMb);
  try {
    const answer = await new Promise<BpmnCheckMessage | { failed: Error }>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (failed) => resolve({ failed }));
      worker.once('exit', () => resolve({ failed: new Error('the checking thread stopped') }));
      worker.postMessage({ xml, ...(options.processId === undefined ? {} : { processId: options.processId }) } satisfies BpmnCheckRequest);
    });
    if ('result' in answer) return answer.result;
    if ('error' in answer) throw new Error(answer.error);
    if (!isOutOfMemory(answer.failed)) throw answer.failed;
    return { problems: [{ id: '', type: 'xml', line: 1, message: `the file needs more than ${heapMb} MB of memory to read` } satisfies BpmnProblem] };
  } finally {
    await worker.terminate();
  }
}

/** importBpmn without holding the caller's thread on a large file (checkBpmnAside). */
export async function importBpmnAside(xml: string, options: { processId?: string } = {}): Promise<CompiledProcess> {
  const { process, problems } = await checkBpmnAside(xml, options);
  if (!process || problems.length > 0) throw new BpmnImportError(problems);
  return process;
}
