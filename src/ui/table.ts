/** Tables for humans (cli-table3), never coloured unless the output decided colour is on. */
import Table from 'cli-table3';
import type { Output } from './output.js';

export function renderTable(out: Output, head: string[], rows: Array<Array<string | number>>): string {
  const coloured = out.c.level > 0;
  const table = new Table({
    head: head.map((h) => (coloured ? out.c.bold(h) : h)),
    style: { head: [], border: [], compact: false },
    ...(coloured ? {} : { chars: undefined }),
  });
  for (const r of rows) table.push(r.map((v) => String(v)));
  return table.toString();
}
