/**
 * The worker thread of `writeXlsxInWorker` (./xlsx.ts): plans the workbook's shared strings, hands
 * the plan to the main thread, writes the sheets' blocks it claims (the main thread claims the others
 * once it is free and posts them here), then the CSV files of the sheets' tables the main thread has
 * not claimed (posted back as they are made), deflates the sheets and answers with the workbook's bytes.
 */
import { parentPort } from 'node:worker_threads';
import { xlsxWorkerJob, type XlsxMainMessage, type XlsxWorkerMessage } from './xlsx.js';

const port = parentPort!;
const post = (m: XlsxWorkerMessage, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);
const early: Array<{ block: number; chunks: Uint8Array[] }> = [];
let put: ((block: number, chunks: Uint8Array[]) => void) | undefined;

port.on('message', (m: XlsxMainMessage) => {
  if ('block' in m) {
    if (put) put(m.block, m.chunks);
    else early.push(m);
    return;
  }
  xlsxWorkerJob(m.sheets, m.options, m.next, post, (p) => {
    put = p;
    for (const e of early.splice(0)) p(e.block, e.chunks);
  }, m.csvNext).then(
    (bytes) => { post({ bytes }, [bytes.buffer as ArrayBuffer]); port.close(); },
    (e: unknown) => post({ error: e instanceof Error ? e.stack ?? e.message : String(e) }),
  );
});
