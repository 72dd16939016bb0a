/**
 * Bytes of a CSV file -> text, with the encoding found from the bytes
 * themselves: spreadsheets write UTF-8 (with or without a byte order mark),
 * UTF-16 (with one), or, in Dutch and German Excel's plain "CSV" export,
 * Windows-1252. The command line and the workspace both decode through this
 * one class, so a file reads the same in both.
 *
 * The rule, in order: a byte order mark names the encoding; else the file is
 * UTF-8 if its bytes are valid UTF-8; else Windows-1252. The check runs over a
 * window of 64 KiB from the first byte that is not ASCII (bytes before it read
 * the same in every one of these encodings), so a file streams through without
 * being held whole. Bytes after the window that are not valid UTF-8 come out as
 * U+FFFD; the importer refuses every row holding one, naming line and field,
 * so nothing is ever stored with a character lost.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DetectedEncoding {
  name: TextEncodingName;
  /** The file starts with a byte order mark (which is not part of the text). */
  byteOrderMark: boolean;
}

/** How many bytes from the first non-ASCII byte decide between UTF-8 and Windows-1252. */
export const DETECTION_WINDOW = 64 * 1024;

/** The replacement character: what a decoder writes for bytes that are not text. */
export const REPLACEMENT = '\uFFFD';

/** Windows-1252's 0x80-0x9F (the WHATWG table; its five unassigned bytes map to the C1 control of the same number). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Windows-1252 bytes as text. Written out here because Node's TextDecoder
 * treats the label as ISO-8859-1 (0x80 is not €), while browsers follow the
 * WHATWG table: one implementation reads a file the same everywhere.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    units[i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
  }
  let text = '';
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.subarray(i, i + 8192));
  return text;
}

type Decode = (bytes: Uint8Array, final: boolean) => string;

function textDecoder(name: 'utf-8' | 'utf-16le' | 'utf-16be'): Decode {
  // Not fatal: bad bytes become U+FFFD, which the importer refuses row by row.
  const decoder = new TextDecoder(name);
  return (bytes, final) => decoder.decode(bytes, { stream: !final });
}

function byteOrderMark(bytes: Uint8Array): TextEncodingName | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * Whether bytes that start with a non-ASCII byte read as UTF-8. A sequence cut
 * by the end of the window (or of a file cut short) is no evidence either way;
 * at least one whole multi-byte character must be there.
 */
function readsAsUtf8(bytes: Uint8Array): boolean {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true }) !== '';
  } catch {
    return false;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Push bytes in, get text out; `encoding` says what the bytes were read as, once that is known. */
export class DetectingDecoder {
  private held: Uint8Array = new Uint8Array(0);
  private decode: Decode | null = null;
  private detected: DetectedEncoding | null = null;
  private bomChecked = false;
  private readonly ascii = new TextDecoder('utf-8');

  get encoding(): DetectedEncoding | null {
    return this.detected;
  }

  push(bytes: Uint8Array): string {
    if (this.decode) return this.decode(bytes, false);
    this.held = concat(this.held, bytes);
    return this.detect(false);
  }

  end(): string {
    if (this.decode) return this.decode(new Uint8Array(0), true);
    return this.detect(true);
  }

  private choose(name: TextEncodingName, byteOrderMark: boolean): void {
    this.detected = { name, byteOrderMark };
    this.decode = name === 'windows-1252' ? (bytes) => decodeWindows1252(bytes) : textDecoder(name);
  }

  private release(final: boolean): string {
    const bytes = this.held;
    this.held = new Uint8Array(0);
    return this.decode!(bytes, final);
  }

  private detect(final: boolean): string {
    if (!this.bomChecked) {
      if (this.held.length < 3 && !final) return '';
      this.bomChecked = true;
      const bom = byteOrderMark(this.held);
      if (bom) {
        // TextDecoder drops the mark itself.
        this.choose(bom, true);
        return this.release(final);
      }
    }
    let firstHigh = this.held.findIndex((b) => b >= 0x80);
    if (firstHigh === -1) {
      if (final) {
        // Only ASCII: valid UTF-8, and the same text in every encoding.
        this.choose('utf-8', false);
        return this.release(true);
      }
      firstHigh = this.held.length;
    }
    // Bytes before the first non-ASCII one are ASCII in every encoding: pass them on now.
    const prefix = this.ascii.decode(this.held.subarray(0, firstHigh));
    this.held = this.held.slice(firstHigh);
    if (this.held.length < DETECTION_WINDOW && !final) return prefix;
    this.choose(readsAsUtf8(this.held.subarray(0, DETECTION_WINDOW)) ? 'utf-8' : 'windows-1252', false);
    return prefix + this.release(final);
  }
}

/** Decode a stream of byte chunks, telling `decoder.encoding` once known. */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  decoder: DetectingDecoder = new DetectingDecoder(),
): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    const text = decoder.push(chunk);
    if (text) yield text;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}

/** The encoding in words for a summary: "windows-1252", "utf-8 with a byte order mark". */
export function describeEncoding(encoding: DetectedEncoding): string {
  return encoding.byteOrderMark ? `${encoding.name} with a byte order mark` : encoding.name;
}
