/** `leader export`, `leader verify`, `leader keys generate`: the signed submission package (提交材料包). */
import { Option, type Command } from 'commander';
import type { Lang } from '../i18n/index.js';
import { d, examples, lazyAction } from '../ui/context.js';

export function register(program: Command, lang: Lang): void {
  lazyAction(
    program.command('export')
      .description(d(lang,
        '导出提交给工作机构的材料包（文件夹或 zip）：清单、方案、排行榜、单项排行、未参与排名、入围名单、取消称号记录、Excel 工作簿、离线报告、公示告知书、审计事件；同一名单重复导出字节相同',
        'write the submission package for the working institution (folder or zip): manifest, scheme, ranking, single-indicator rankings, exclusions, shortlist, revocations, workbook, offline report, publicity notice, audit events; re-exports are byte-identical'))
      .requiredOption('--shortlist <id>', d(lang, '入围名单编号', 'shortlist id'))
      .requiredOption('--out <dir|file.zip>', d(lang, '输出文件夹，或以 .zip 结尾的文件', 'output folder, or a file ending in .zip'))
      .addOption(new Option('--format <format>', d(lang, '输出形式（默认按 --out 的扩展名）', 'output form (default: from the --out extension)')).choices(['dir', 'zip']))
      .option('--sign <private key>', d(lang, '用 Ed25519 私钥（PEM）签署 manifest.json，写出 signature.json', 'sign manifest.json with an Ed25519 private key (PEM), writing signature.json'))
      .option('--date <YYYY-MM-DD>', d(lang, '导出日期（默认：入围名单的生成日期），写入清单并用于 zip 时间戳', 'export date (default: the shortlist\'s creation date), written to the manifest and used for zip timestamps'))
      .option('--force', d(lang, '覆盖已有的 zip，或非空文件夹中的提交包文件', 'overwrite an existing zip, or the package files in a non-empty folder'))
      .addHelpText('after', examples(lang, [
        ['leader export --shortlist 1 --out package.zip', '导出为 zip（中文表头）', 'write a zip (Chinese headers)'],
        ['leader export --shortlist 1 --out package/ --lang en', '导出为文件夹，英文表头', 'write a folder with English headers'],
        ['leader export --shortlist 1 --out package.zip --sign body.private.pem', '导出并签名', 'write and sign'],
      ])),
    async () => (await import('./export/export.js')).exportPackage,
  );

  lazyAction(
    program.command('verify <package>')
      .description(d(lang,
        '核对提交包（文件夹或 zip）：按清单检查缺少、多余、改动的文件及签名；完整时退出码 0，否则 1',
        'check a submission package (folder or zip) against its manifest: missing, extra and altered files, and the signature; exit 0 when intact, 1 when not'))
      .option('--public-key <file>', d(lang, '用此公钥（PEM）核对签名者；给出时签名为必需', 'check the signer with this public key (PEM); the signature is then required'))
      .addHelpText('after', examples(lang, [
        ['leader verify package.zip', '核对 zip 提交包', 'check a zip package'],
        ['leader verify package/ --public-key body.public.pem --json', '核对文件夹及签名者，JSON 输出', 'check a folder and its signer, as JSON'],
      ])),
    async () => (await import('./export/verify.js')).verifyPackage,
  );

  const keys = program.command('keys').description(d(lang, '签名密钥', 'signing keys'));
  keys.addHelpText('after', examples(lang, [
    ['leader keys generate --out body', '生成 body.private.pem 与 body.public.pem', 'write body.private.pem and body.public.pem'],
  ]));
  lazyAction(
    keys.command('generate')
      .description(d(lang, '生成 Ed25519 密钥对（PEM）：<前缀>.private.pem 与 <前缀>.public.pem', 'make an Ed25519 key pair (PEM): <prefix>.private.pem and <prefix>.public.pem'))
      .requiredOption('--out <prefix>', d(lang, '文件名前缀', 'file name prefix'))
      .option('--force', d(lang, '覆盖已有的密钥文件', 'overwrite existing key files'))
      .addHelpText('after', examples(lang, [
        ['leader keys generate --out keys/body', '在 keys/ 下生成密钥对', 'write a key pair under keys/'],
      ])),
    async () => (await import('./export/keys.js')).generateKeys,
  );
}
