// Reads a secret (a password) for a CLI command without putting it on the command line: typed at
// a terminal with echo off, or read from standard input when it is a pipe (scripts, tests).
import type { Writable } from 'node:stream';

/** The whole of standard input, without one trailing line break. */
async function readPipe(input: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** One line typed at the terminal with echo off; undefined on Ctrl-C or Ctrl-D. */
function readHidden(input: NodeJS.ReadStream, prompt: string, out: Writable): Promise<string | undefined> {
  return new Promise((resolve) => {
    out.write(prompt);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let typed = '';
    const finish = (value: string | undefined) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      out.write('\n');
      resolve(value);
    };
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') return finish(typed);
        if (ch === '\u0003' || ch === '\u0004') return finish(undefined);
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
      return undefined;
    };
    input.on('data', onData);
  });
}

/**
 * A new password (or PIN: `what`): prompted twice at a terminal (they must match), or read from a piped stdin.
 * Resolves to an error sentence when there is none.
 */
export async function readNewPassword(input: NodeJS.ReadStream, out: Writable, what = 'password'): Promise<{ ok: true; value: string } | { ok: false; error: string }> {
  if (!input.isTTY) {
    const piped = await readPipe(input);
    return piped ? { ok: true, value: piped } : { ok: false, error: `no ${what} on standard input` };
  }
  const first = await readHidden(input, `new ${what}: `, out);
  if (first === undefined || first === '') return { ok: false, error: `no ${what} entered` };
  const second = await readHidden(input, 'again: ', out);
  if (second !== first) return { ok: false, error: `the two ${what}s differ` };
  return { ok: true, value: first };
}
