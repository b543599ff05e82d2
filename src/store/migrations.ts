/**
 * Schema migrations, applied in order by PRAGMA user_version. Migration 1 is assembled from one DDL
 * module per area (src/store/schema/). Once a version is released, never edit it: add a new one.
 */
import { coreDdl } from './schema/core.js';
import { standardsDdl } from './schema/standards.js';
import { runsDdl } from './schema/runs.js';
import { publicityDdl } from './schema/publicity.js';
import { revocationsDdl } from './schema/revocations.js';
import { versionChunksDdl } from './schema/version-chunks.js';
import type { DB } from './db.js';
import { backfillChunks } from './version-chunks.js';

/** `run` (optional) fills what the DDL created, in the same transaction. */
export interface Migration { version: number; sql: string; run?: (db: DB) => void }

export const migrations: Migration[] = [
  { version: 1, sql: [coreDdl, standardsDdl, runsDdl, publicityDdl, revocationsDdl].join('\n') },
  { version: 2, sql: versionChunksDdl, run: (db) => { backfillChunks(db); } },
];

export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
