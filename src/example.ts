/**
 * `npm start`: the main job on the bundled example, run through the real CLI so a newcomer sees the
 * commands: validate and register the shipped schemes, import the example standards, rank, build
 * the shortlist and write the submission package. Everything goes to a fresh folder (printed at the
 * end; `npm start -- --out <dir>` chooses it), never into the checkout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin/leader.js');
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag > 0 ? resolve(process.argv[outFlag + 1]!) : mkdtempSync(join(tmpdir(), 'leader-example-'));
mkdirSync(outDir, { recursive: true });
const db = join(outDir, 'leader.db');

function leader(args: string[], o: { json?: boolean } = {}): any {
  const shown = ['leader', '--db', db, ...args].map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ');
  process.stderr.write(`\n$ ${shown.replace(db, '<out>/leader.db').replaceAll(outDir, '<out>').replaceAll(root + '/', '')}\n`);
  const r = spawnSync(process.execPath, [bin, '--db', db, ...(o.json ? ['--json'] : []), ...args], {
    stdio: ['ignore', o.json ? 'pipe' : 'inherit', 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    if (o.json && r.stdout) process.stderr.write(r.stdout);
    process.stderr.write(`\nstep failed with exit code ${r.status}\n`);
    process.exit(r.status ?? 1);
  }
  return o.json ? JSON.parse(r.stdout) : undefined;
}

const schemes = readdirSync(join(root, 'schemes')).filter((f) => f.endsWith('.json') && f !== 'scheme.schema.json').sort();
for (const f of schemes) leader(['scheme', 'validate', join(root, 'schemes', f)]);
for (const f of schemes) leader(['scheme', 'add', join(root, 'schemes', f)]);
leader(['scheme', 'list']);

const packages: string[] = [];
for (const f of schemes) {
  const id = f.replace(/\.json$/, '');
  const csv = join(root, 'fixtures/example', `${id}.csv`);
  if (!existsSync(csv)) continue;
  leader(['import', csv, '--scheme', id]);
  leader(['rank', '--scheme', id]);
  const shortlist = leader(['shortlist', '--scheme', id], { json: true });
  leader(['shortlist', 'show', String(shortlist.shortlist.id)]);
  const pkg = join(outDir, `${id}-package.zip`);
  leader(['export', '--shortlist', String(shortlist.shortlist.id), '--out', pkg]);
  leader(['verify', pkg]);
  packages.push(pkg);
}

process.stderr.write(`\nDone. Store: ${db}\n`);
for (const p of packages) process.stdout.write(`${p}\n`);
