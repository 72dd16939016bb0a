/**
 * The checksum the database file and the backup carry in their last line,
 * computed as the lines stream past. WebCrypto's `crypto.subtle.digest` (in
 * Node and in browsers, and native, so fast) takes its input whole; to keep a
 * 100 MB file out of memory a second time, the lines are hashed in blocks of
 * 1,000 and the checksum is the SHA-256 of the blocks' SHA-256 digests, in
 * order. Checked by hand (docs/FORMATS.md):
 *
 *   sed '$d' shop.db | split -l 1000 --filter='sha256sum | cut -c1-64 | xxd -r -p' | sha256sum
 */

/** Lines hashed together; the trailer says so, so a later version may choose another size. */
export const CHECKSUM_BLOCK_LINES = 1000;

export function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class LineChecksum {
  private block = '';
  private inBlock = 0;
  private readonly digests: Promise<ArrayBuffer>[] = [];
  private readonly encoder = new TextEncoder();

  constructor(private readonly blockLines = CHECKSUM_BLOCK_LINES) {}

  /** One line, with its line end, exactly as in the file. */
  add(line: string): void {
    this.block += line;
    this.inBlock += 1;
    if (this.inBlock === this.blockLines) this.closeBlock();
  }

  /** The checksum of every line added, as 64 hex digits. */
  async hex(): Promise<string> {
    if (this.inBlock > 0) this.closeBlock();
    const digests = await Promise.all(this.digests);
    const all = new Uint8Array(digests.length * 32);
    digests.forEach((d, i) => all.set(new Uint8Array(d), i * 32));
    return toHex(await crypto.subtle.digest('SHA-256', all));
  }

  private closeBlock(): void {
    this.digests.push(crypto.subtle.digest('SHA-256', this.encoder.encode(this.block)));
    this.block = '';
    this.inBlock = 0;
  }
}
