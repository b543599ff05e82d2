import { describe, expect, it } from 'vitest';
import { readZip, writeZip, zipTimestamp } from '../../src/io/zip.js';

const enc = new TextEncoder();

describe('deterministic zip', () => {
  it('gives the same bytes for the same files in any order', () => {
    const a = writeZip([{ name: 'b.txt', data: enc.encode('B') }, { name: 'a.txt', data: enc.encode('A') }], '2026-05-01');
    const b = writeZip([{ name: 'a.txt', data: enc.encode('A') }, { name: 'b.txt', data: enc.encode('B') }], '2026-05-01');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('writes entries sorted by name and reads them back', () => {
    const z = writeZip([{ name: 'z.csv', data: enc.encode('z') }, { name: 'dir/m.txt', data: enc.encode('m') }, { name: 'a.json', data: enc.encode('{}') }]);
    const entries = readZip(z);
    expect(entries.map((e) => e.name)).toEqual(['a.json', 'dir/m.txt', 'z.csv']);
    expect(new TextDecoder().decode(entries[2]!.data)).toBe('z');
  });

  it('stores the given date as the DOS timestamp of every entry, whatever the time zone', () => {
    const z = writeZip([{ name: 'a', data: enc.encode('a') }], '2026-05-01');
    // local file header: mod time at offset 10 (2 bytes), mod date at offset 12 (2 bytes)
    const view = new DataView(z.buffer, z.byteOffset);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(10, true)).toBe(0);
    expect(view.getUint16(12, true)).toBe(((2026 - 1980) << 9) | (5 << 5) | 1);
    expect(zipTimestamp('1970-01-01').getFullYear()).toBe(1980);
  });

  it('differs when one byte of content differs', () => {
    const a = writeZip([{ name: 'a', data: enc.encode('abc') }]);
    const b = writeZip([{ name: 'a', data: enc.encode('abd') }]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});

describe('zip layout (native deflate, the container fflate wrote before)', () => {
  /** Every header field of an archive except the compressed sizes, which depend on the deflate implementation. */
  function layout(z: Uint8Array) {
    const b = Buffer.from(z);
    const eocd = b.length - 22;
    expect(b.readUInt32LE(eocd)).toBe(0x06054b50);
    const count = b.readUInt16LE(eocd + 10);
    let o = b.readUInt32LE(eocd + 16);
    const entries = [];
    for (let i = 0; i < count; i++) {
      expect(b.readUInt32LE(o)).toBe(0x02014b50);
      const nameLen = b.readUInt16LE(o + 28);
      const local = b.readUInt32LE(o + 42);
      const central = Buffer.concat([b.subarray(o, o + 20), b.subarray(o + 24, o + 42), b.subarray(o + 46, o + 46 + nameLen)]).toString('hex');
      const localHeader = Buffer.concat([b.subarray(local, local + 18), b.subarray(local + 22, local + 30 + nameLen)]).toString('hex');
      entries.push({ central, localHeader });
      o += 46 + nameLen;
    }
    return entries;
  }

  it('writes the same headers as fflate zipSync (names, flags, method, DOS time, CRC, sizes, attributes)', async () => {
    const { zipSync } = await import('fflate');
    const files = [
      { name: 'a.txt', data: enc.encode('hello '.repeat(1000)) },
      { name: 'dir/数据.csv', data: enc.encode('\uFEFF标准编号,名次\r\n') },
      { name: 'empty', data: new Uint8Array(0) },
      { name: 'big.xml', data: enc.encode('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(40000)) },
    ];
    const mtime = zipTimestamp('2026-05-01');
    const ref = zipSync(Object.fromEntries([...files].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => [f.name, [f.data, { mtime, level: 6, os: 0, attrs: 0 }]])), { mtime, level: 6 });
    const ours = writeZip(files, '2026-05-01');
    expect(layout(ours)).toEqual(layout(ref));
    expect(readZip(ours).map((e) => [e.name, Buffer.from(e.data).toString('hex')])).toEqual(readZip(ref).map((e) => [e.name, Buffer.from(e.data).toString('hex')]));
  });

  it('deflates large entries fast (level 1) and small ones compactly (level 6), by size only', async () => {
    const { deflateLevel, FAST_DEFLATE_FROM } = await import('../../src/io/zip.js');
    expect(deflateLevel(FAST_DEFLATE_FROM)).toBe(6);
    expect(deflateLevel(FAST_DEFLATE_FROM + 1)).toBe(1);
    const big = enc.encode('x'.repeat(FAST_DEFLATE_FROM + 1));
    expect(Buffer.from(readZip(writeZip([{ name: 'b', data: big }]))[0]!.data).equals(Buffer.from(big))).toBe(true);
  });
});

describe('writeZipAsync (deflate on the thread pool)', () => {
  it('gives the same bytes as writeZip, and refuses duplicate names', async () => {
    const { writeZipAsync } = await import('../../src/io/zip.js');
    const files = [
      { name: 'z.csv', data: enc.encode('标准,名次\r\n'.repeat(50000)) },
      { name: 'a.json', data: enc.encode('{}') },
      { name: 'big.bin', data: enc.encode('0123456789'.repeat(200000)) },
    ];
    const sync = writeZip(files, '2026-05-01');
    const async_ = await writeZipAsync(files, '2026-05-01');
    expect(Buffer.from(async_).equals(Buffer.from(sync))).toBe(true);
    await expect(writeZipAsync([{ name: 'a', data: enc.encode('1') }, { name: 'a', data: enc.encode('2') }])).rejects.toThrow(/duplicate/);
    expect(() => writeZip([{ name: 'a', data: enc.encode('1') }, { name: 'a', data: enc.encode('2') }])).toThrow(/duplicate/);
  });
});

describe('OrderedDeflate', () => {
  it('deflates pieces put in any order to the bytes of deflateEntry (small entries at level 6, large at level 1)', async () => {
    const { OrderedDeflate, deflateEntry, FAST_DEFLATE_FROM } = await import('../../src/io/zip.js');
    for (const total of [5000, FAST_DEFLATE_FROM * 3]) {
      const text = Array.from({ length: Math.ceil(total / 20) }, (_, i) => `<c r="A${i}">${i * 7919 % 1000}</c>`).join('');
      const all = enc.encode(text);
      // pieces 3..9 of the entry, each in two chunks, put in a scrambled order
      const n = 7;
      const pieces = Array.from({ length: n }, (_, k) => {
        const a = Math.floor((all.length * k) / n), b = Math.floor((all.length * (k + 1)) / n), m = (a + b) >> 1;
        return [all.slice(a, m), all.slice(m, b)];
      });
      const d = new OrderedDeflate('x.xml', 3, 3 + n);
      for (const k of [2, 0, 6, 1, 3, 5, 4]) d.put(3 + k, pieces[k]!);
      const got = await d.done;
      const want = deflateEntry({ name: 'x.xml', data: all });
      expect(got.size).toBe(want.size);
      expect(got.crc).toBe(want.crc);
      expect(Buffer.from(got.data).equals(Buffer.from(want.data))).toBe(true);
    }
  });
});

describe('zipAmbiguities: what lets two tools read one archive differently', () => {
  /** `from` renamed to `to` (same length) wherever it appears: the local header and the directory record. */
  function rename(z: Uint8Array, from: string, to: string): Buffer {
    const b = Buffer.from(z);
    const f = Buffer.from(from), t = Buffer.from(to);
    for (let i = b.indexOf(f); i >= 0; i = b.indexOf(f, i + 1)) t.copy(b, i);
    return b;
  }
  const files = [{ name: 'a.txt', data: enc.encode('genuine') }, { name: 'b.txt', data: enc.encode('other') }];

  it('finds none in archives written here or by other zip tools', async () => {
    const { zipAmbiguities } = await import('../../src/io/zip.js');
    const { zipSync, strToU8 } = await import('fflate');
    expect(zipAmbiguities(writeZip(files))).toEqual([]);
    expect(zipAmbiguities(zipSync({ 'a.txt': strToU8('x'), 'dir/b.txt': strToU8('y') }))).toEqual([]);
    expect(zipAmbiguities(writeZip([]))).toEqual([]);
    // a streaming writer: sizes in a data descriptor after each entry's data (flag bit 3)
    const { Zip, ZipDeflate } = await import('fflate');
    const parts: Uint8Array[] = [];
    const stream = new Zip((err, chunk) => { if (err) throw err; parts.push(chunk); });
    for (const [name, text] of [['a.txt', 'x'.repeat(1000)], ['b.txt', 'y']] as const) { const f = new ZipDeflate(name); stream.add(f); f.push(strToU8(text), true); }
    stream.end();
    const streamed = Buffer.concat(parts);
    expect(streamed.readUInt16LE(6) & 8).toBe(8);
    expect(zipAmbiguities(streamed)).toEqual([]);
  });

  it('names an entry name used twice, even when the copy a reader keeps is the genuine one', async () => {
    const { zipAmbiguities } = await import('../../src/io/zip.js');
    // the forged copy sorts first ('a.tx0' < 'a.txt'), then becomes a second 'a.txt'
    const z = rename(writeZip([{ name: 'a.tx0', data: enc.encode('forged') }, ...files]), 'a.tx0', 'a.txt');
    expect(readZip(z).map((e) => e.name)).toEqual(['a.txt', 'b.txt']); // one reading sees only one of them
    expect(zipAmbiguities(z)).toEqual([{ kind: 'duplicate', name: 'a.txt', detail: '2 entries' }]);
  });

  it('names bytes no directory entry accounts for (a hidden local entry before the first one, data after the last) and local headers that differ from it', async () => {
    const { zipAmbiguities } = await import('../../src/io/zip.js');
    const z = Buffer.from(writeZip(files));
    const hidden = Buffer.from(writeZip([{ name: 'a.txt', data: enc.encode('forged') }]));
    const hiddenLocal = hidden.subarray(0, hidden.readUInt32LE(hidden.length - 6)); // its local entry, up to its directory
    // the hidden entry first, every offset of the directory and of its end record moved past it
    const eocd = z.length - 22;
    const cdStart = z.readUInt32LE(eocd + 16);
    const moved = Buffer.concat([hiddenLocal, z]);
    const n = hiddenLocal.length;
    moved.writeUInt32LE(cdStart + n, n + eocd + 16);
    for (let p = n + cdStart; moved.readUInt32LE(p) === 0x02014b50; p += 46 + moved.readUInt16LE(p + 28)) moved.writeUInt32LE(moved.readUInt32LE(p + 42) + n, p + 42);
    expect(readZip(moved).map((e) => [e.name, new TextDecoder().decode(e.data)])).toEqual([['a.txt', 'genuine'], ['b.txt', 'other']]);
    expect(zipAmbiguities(moved)).toEqual([{ kind: 'unaccounted', name: '', detail: `bytes 0-${n - 1} (${n}) before entry a.txt` }]);
    // a local header whose sizes or CRC differ from the directory's: a streaming reader goes by it
    const skewed = Buffer.from(z);
    skewed.writeUInt32LE(skewed.readUInt32LE(18) + 1, 18); // a.txt's compressed size, in its local header only
    expect(zipAmbiguities(skewed)).toEqual([{ kind: 'unaccounted', name: 'a.txt', detail: 'local header differs from the directory' }]);
    // bytes between the last entry and the directory
    const padded = Buffer.concat([z.subarray(0, cdStart), Buffer.from('xx'), z.subarray(cdStart)]);
    padded.writeUInt32LE(cdStart + 2, padded.length - 22 + 16);
    expect(zipAmbiguities(padded)).toEqual([{ kind: 'unaccounted', name: '', detail: `bytes ${cdStart}-${cdStart + 1} (2) before the central directory` }]);
  });
});
