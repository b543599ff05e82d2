/** Registration of the import area's commands (being built: see the issues). */
import type { Command } from 'commander';
import type { Lang } from '../i18n/index.js';

export function register(_program: Command, _lang: Lang): void {}
