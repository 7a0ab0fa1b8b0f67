import { boundedWorker, isOutOfMemory } from '../kernel/bounded-worker.ts';
import type { XlsxMessage, XlsxRequest } from './xlsx-worker.ts';

/** Memory the XLSX reader's thread may use (MB): a workbook that needs more is refused, the platform unharmed. */
export const XLSX_HEAP_MB = 1024;

/** A workbook the reader could not read: not XLSX, damaged, or (`outOfMemory`) needing more memory than it may use. */
export class XlsxReadError extends Error {
  constructor(message: string, readonly outOfMemory: boolean) {
    super(message);
    this.name = 'XlsxReadError';
  }
}

/**
 * Reads a workbook on a thread of its own with at most `heapMb` of memory (xlsx-worker.ts): exceljs keeps a
 * workbook's shared strings in memory, and those of a 2 MB upload can inflate to 2 GB — on the main thread that
 * took the platform's memory to 2.3 GB and the thread for 15 s; here it ends the reader's thread with an
 * XlsxReadError. Yields the rows the thread posts, asking for the next chunk as each is taken.
 */
async function* read(request: XlsxRequest, heapMb: number): AsyncGenerator<unknown[]> {
  const worker = boundedWorker(new URL('./xlsx-worker.mjs', import.meta.url), heapMb);
  // Messages and the thread's end, in the order they came; the generator takes them one at a time.
  const inbox: Array<XlsxMessage | { failed: Error }> = [];
  let wake: (() => void) | undefined;
  const arrive = (m: XlsxMessage | { failed: Error }) => {
    inbox.push(m);
    wake?.();
  };
  worker.on('message', arrive);
  worker.on('error', (err) => arrive({ failed: err }));
  worker.on('exit', () => arrive({ failed: new Error('the reader stopped') }));
  worker.postMessage(request, [request.file]);
  try {
    for (;;) {
      if (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const m = inbox.shift()!;
      if ('rows' in m) {
        yield* m.rows;
        worker.postMessage('more');
      } else if ('done' in m) return;
      else if ('error' in m) throw new XlsxReadError(m.error, false);
      else if (isOutOfMemory(m.failed)) throw new XlsxReadError(`the workbook needs more than ${heapMb} MB of memory to read (its shared strings or rows inflate beyond that)`, true);
      else throw new XlsxReadError(m.failed.message, false);
    }
  } finally {
    await worker.terminate();
  }
}

/** The bytes of `file` in an ArrayBuffer of their own (a Buffer may share a pool), to hand to the reader's thread. */
const own = (file: Buffer): ArrayBuffer => file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;

/**
 * The non-blank rows of a workbook's first worksheet, as exceljs's streaming reader gives its cells (text, numbers,
 * dates; formulas by their result), read on the reader's thread with at most `heapMb` of memory.
 */
export function xlsxRows(file: Buffer, heapMb = XLSX_HEAP_MB): AsyncGenerator<unknown[]> {
  return read({ kind: 'rows', file: own(file) }, heapMb);
}

/** The non-blank rows of a workbook's worksheet `sheet` (else its first), every cell as text, read the same way. */
export async function xlsxTable(file: Buffer, sheet: string, heapMb = XLSX_HEAP_MB): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of read({ kind: 'table', file: own(file), sheet }, heapMb)) rows.push(row as string[]);
  return rows;
}
