/**
 * The workbook written on a worker thread (`writeXlsxInWorker` in ./xlsx.ts): the sheets' XML is the
 * largest part of an export, and here it is built on another core while the main thread writes the
 * CSV files and the report. Receives the sheets and options, answers with the workbook's bytes.
 */
import { parentPort } from 'node:worker_threads';
import { writeXlsxAsync, type ColumnSheet, type WorkbookOptions } from './xlsx.js';

parentPort!.once('message', (m: { sheets: ColumnSheet[]; options: WorkbookOptions }) => {
  writeXlsxAsync(m.sheets, m.options).then(
    (bytes) => parentPort!.postMessage({ bytes }, [bytes.buffer as ArrayBuffer]),
    (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.stack ?? e.message : String(e) }),
  );
});
