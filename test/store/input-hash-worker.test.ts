/**
 * Rank's input hash and number order made on a worker thread (`readChunkColumns(…, { hashWorker })`, for many stored
 * versions in several chunks): the same digest and columns as on the main thread. A worker thread
 * runs JavaScript only, so this test loads the BUILT modules (dist/, as the CLI tests do).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as Db from '../../src/store/db.js';
import type * as Run from '../../src/core/run.js';
import { numberOrder } from '../../src/core/rank.js';
import type * as Chunks from '../../src/store/version-chunks.js';
import type { StandardRecord } from '../../src/core/types.js';
import { ROOT } from '../helpers/cli.js';
import { fixtureRecords, fixtureScheme, insertStandards, rec } from '../helpers/rank-data.js';

const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', rel)).href)) as T;

describe('input hash on a worker thread', () => {
  it('gives the digest, the number order and the columns the main thread gives, with the ban lines added at the end', async () => {
    const { openMemoryStore } = await load<typeof Db>('store/db.js');
    const { valueIds } = await load<typeof Run>('core/run.js');
    const chunks = await load<typeof Chunks>('store/version-chunks.js');
    const scheme = fixtureScheme();
    const ids = valueIds(scheme);
    const db = openMemoryStore();
    // content hashes as import writes them (64 hex digits): the chunks keep their texts as bytes
    const hashed = (rs: StandardRecord[]) => rs.map((r) => ({ ...r, contentSha256: createHash('sha256').update(JSON.stringify(r)).digest('hex') }));
    // three imports (three chunks), the last with new versions of earlier standards and characters JavaScript and UTF-8 order differently
    insertStandards(db, scheme.id, hashed(fixtureRecords()));
    chunks.backfillChunks(db);
    insertStandards(db, scheme.id, hashed([rec({ standardNo: 'Q/\uFF21 5', uscc: '911100000000000077', values: { safety: 'true', efficiency: '90' } }), rec({ standardNo: 'Q/\uD83D\uDE00 4', uscc: '911100000000000077', values: { safety: 'true' } })]));
    chunks.backfillChunks(db);
    insertStandards(db, scheme.id, hashed(fixtureRecords().slice(0, 4).map((r) => ({ ...r, values: { ...r.values, efficiency: '91' } }))));
    chunks.backfillChunks(db);
    expect(db.prepare('SELECT count(*) AS n FROM version_chunks').get()).toEqual({ n: 3 });
    const tail = 'ban\t7\t911100000000000077\t2024-03-01\t2027-03-01\n';
    const main = chunks.readChunkColumns(db, scheme.id, ids)!;
    expect(main.inputHash).toBeDefined();
    const want = main.inputHash!.update(tail).digest('hex');
    const onWorker = chunks.readChunkColumns(db, scheme.id, ids, { hashWorker: 'always' })!;
    expect(onWorker.inputHash).toBeUndefined();
    expect(await onWorker.finishInputHash!(tail)).toBe(want);
    const cols = (r: Chunks.ChunkRead) => ({ ...r.columns, uscc: Array.from(r.columns.uscc), standardNo: Array.from(r.columns.standardNo) });
    expect(cols(onWorker)).toEqual(cols(main));
    // the worker's number order is the plain sort's (standard number, then credit code)
    const c = onWorker.columns;
    expect(Array.from(c.noPos!)).toEqual(Array.from(numberOrder(c.n, (r) => c.standardNo[r]!, (r) => c.uscc[r]!)));
    // few versions: made on the main thread even when asked for a worker
    expect(chunks.readChunkColumns(db, scheme.id, ids, { hashWorker: true })!.inputHash).toBeDefined();
    expect(want).not.toBe(createHash('sha256').update(tail).digest('hex'));
  });
});
