/**
 * The worker thread of rank's input hash (`hashOnWorker` in ./version-chunks.ts): when asked, first
 * the rows' standard-number order (into shared memory, which the main thread waits for), then merges
 * the chunks' current rows into credit-code order and hashes their lines while the main thread
 * scores, adds the ban lines it is sent and answers with the digest.
 */
import { parentPort } from 'node:worker_threads';
import { hashCurrentLines, type HashPart, type NumberJob } from './version-chunks.js';

const port = parentPort!;
let hashed: ReturnType<typeof hashCurrentLines> | undefined;
let tail: string | undefined;
const finish = (): void => {
  if (!hashed || tail === undefined) return;
  hashed.update(tail);
  port.postMessage({ sha256: hashed.digest('hex') });
  port.close();
};
port.on('message', (m: { parts: HashPart[]; current: Int32Array[]; base: number[]; number?: NumberJob } | { tail: string }) => {
  if ('tail' in m) tail = m.tail;
  else {
    // typed arrays arrive as plain Uint8Arrays: the hash reads them as Buffers
    const parts = m.parts.map((p) => ({
      n: p.n,
      bytes: { ...p.bytes, uscc: Buffer.from(p.bytes.uscc.buffer), standardNo: Buffer.from(p.bytes.standardNo.buffer), sha: Buffer.from(p.bytes.sha.buffer) },
    }));
    hashed = hashCurrentLines(parts, m.current, m.base, m.number);
  }
  finish();
});
