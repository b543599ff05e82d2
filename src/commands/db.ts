/** `leader db check|backup`: the store itself. */
import type { Command } from 'commander';
import type { Lang } from '../i18n/index.js';
import { d, examples, lazyAction } from '../ui/context.js';

export function register(program: Command, lang: Lang): void {
  const db = program.command('db').description(d(lang, '数据库：完整性检查、备份', 'the database: integrity check, backup'));
  lazyAction(
    db.command('check')
      .description(d(lang, '检查数据库完整性（integrity_check、外键、结构版本）；有问题时退出码 1', 'check the database (integrity_check, foreign keys, schema version); exit 1 on problems'))
      .addHelpText('after', examples(lang, [['leader db check', '检查 ./leader.db', 'check ./leader.db'], ['leader --db eval.db db check --json', 'JSON 输出', 'as JSON']])),
    async () => (await import('./db/check.js')).check,
  );
  lazyAction(
    db.command('backup <file>')
      .description(d(lang, '在线备份数据库到文件（SQLite 备份 API）', 'back the database up to a file (SQLite online backup)'))
      .option('--force', d(lang, '覆盖已有文件', 'overwrite an existing file'))
      .addHelpText('after', examples(lang, [['leader db backup backup-2026-11-26.db', '备份', 'back up']])),
    async () => (await import('./db/backup.js')).backup,
  );
}
