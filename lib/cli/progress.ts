/**
 * Progress of a long run, on stderr (stdout carries the data). Quiet for the
 * first seconds, so short runs print nothing; then, in a terminal, one bar
 * redrawn in place, and when stderr goes to a file or a pipe, a plain line
 * now and then that a log keeps readable.
 */
import type { CliIo } from './command';

/** Nothing is shown before a run has taken this long. */
export const QUIET_MS = 1_500;
/** A terminal's bar is redrawn at most this often. */
const REDRAW_MS = 100;
/** A plain line is written at most this often. */
const LINE_MS = 5_000;
const BAR = 24;

export class Progress {
  private readonly now: () => number;
  private readonly started: number;
  private readonly tty: boolean;
  private label = '';
  private unit = '';
  private total: number | undefined;
  private lastShown = -Infinity;
  private drawn = false;

  constructor(
    private readonly io: CliIo,
    private readonly command: string,
  ) {
    this.now = io.now ?? (() => performance.now());
    this.started = this.now();
    this.tty = io.stderr.isTTY === true;
  }

  /** A new stage: what is being done, what is counted, and how many there are when known. */
  phase(label: string, unit: string, total?: number): void {
    this.label = label;
    this.unit = unit;
    this.total = total;
    this.lastShown = -Infinity;
  }

  update(done: number): void {
    const t = this.now();
    if (t - this.started < QUIET_MS || t - this.lastShown < (this.tty ? REDRAW_MS : LINE_MS)) return;
    this.lastShown = t;
    if (this.tty) {
      this.io.stderr.write(`\r${this.bar(done)}\x1b[K`);
      this.drawn = true;
    } else {
      this.io.stderr.write(`earshot ${this.command}: ${this.label}: ${this.counted(done)}\n`);
    }
  }

  /** The run is over: a bar in a terminal is cleared, so the summary stands alone. */
  end(): void {
    if (this.drawn) this.io.stderr.write('\r\x1b[K');
    this.drawn = false;
  }

  private counted(done: number): string {
    const n = (v: number) => v.toLocaleString('en');
    if (this.total === undefined || this.total <= 0) return `${n(done)} ${this.unit}`;
    return `${n(done)} of ${n(this.total)} ${this.unit} (${Math.floor((100 * done) / this.total)}%)`;
  }

  private bar(done: number): string {
    const head = `earshot ${this.command}: ${this.label}`;
    if (this.total === undefined || this.total <= 0) return `${head}: ${this.counted(done)}`;
    const filled = Math.min(BAR, Math.round((BAR * done) / this.total));
    return `${head} [${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${this.counted(done)}`;
  }
}
