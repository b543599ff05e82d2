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
