/**
 * The four terminal styles the commands use (bold, red, green, yellow), as chalk 5 writes them at
 * its basic level: open code, text, close code; a close code inside the text re-opens the style
 * after it (nesting), and a line break closes the style before it and re-opens it after (so a pager
 * cutting lines keeps them right). Level 0 returns the text as it is. Written here instead of
 * loading chalk, which cost about 20 ms of every command's start-up (the tests hold it to chalk).
 */
export interface Style {
  /** 0: no colour; above 0: basic ANSI colours (chalk's level, for the table code) */
  readonly level: number;
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

function styler(level: number, open: number, close: number): (s: string) => string {
  if (level === 0) return (s) => s;
  const o = `\u001b[${open}m`;
  const c = `\u001b[${close}m`;
  return (s) => {
    if (s === '') return s;
    let body = s.includes(c) ? s.split(c).join(c + o) : s;
    if (body.includes('\n')) body = body.replace(/\r?\n/g, (br) => c + br + o);
    return o + body + c;
  };
}

export function createStyle(level: number): Style {
  return {
    level,
    bold: styler(level, 1, 22),
    red: styler(level, 31, 39),
    green: styler(level, 32, 39),
    yellow: styler(level, 33, 39),
  };
}
