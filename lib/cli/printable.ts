/**
 * Text that came from a file, made safe for a terminal. A CSV cell, a header
 * or a file name may hold ESC sequences (move the cursor, clear the screen,
 * set the window title with OSC, write to the clipboard), C1 controls such as
 * CSI (U+009B, which some terminals read as ESC [), bidirectional overrides
 * that show text in another order than it is, or line ends that fake a line
 * of output. Every message the command line prints goes through here.
 */
import type { CliIo } from './command';

// Control characters are the point of this pattern (written as escapes, so no-control-regex lets it be).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The text with every control character written as an escape: \x1b, \x0a, \u{202e}. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** One message line on stderr, escaped. */
export function warn(io: CliIo, text: string): void {
  io.stderr.write(`${printable(text)}\n`);
}

/**
 * A value as one line of JSON that is also safe on a terminal: JSON escapes C0
 * controls itself; the others are written as \u escapes, which mean the same.
 */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value).replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
