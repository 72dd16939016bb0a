/**
 * A timer that asks to run every `intervalMs` and records how late it fires:
 * the lateness is how long the event loop was held (by a slice of work or a
 * garbage collection pause). Pure, so the Node bench and the Chromium page
 * share it; each passes its own clocks.
 */
export interface LatenessClocks {
  now(): number;
  /** The main thread's own CPU time in ms, or null where it cannot be read. */
  cpuMs(): number | null;
  /** The heap in use in bytes, or null. */
  heapBytes(): number | null;
}

export interface LatenessFigures {
  /** The longest time the loop was held: lateness plus the interval. */
  longestBlockMs: number;
  /** How many times the loop was held over 100 ms. */
  blocksOver100Ms: number;
  /** The longest block in the main thread's own CPU time (null where the clocks do not say). */
  longestBlockCpuMs: number | null;
  blocksOver100CpuMs: number | null;
  peakHeapMiB: number | null;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export class LatenessMonitor {
  private longest = 0;
  private over100 = 0;
  private longestCpu = 0;
  private over100Cpu = 0;
  private peak = 0;
  private expected: number;
  private cpuAtTick: number | null;
  private timer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly clocks: LatenessClocks,
    private readonly intervalMs = 5,
  ) {
    this.expected = clocks.now() + intervalMs;
    this.cpuAtTick = clocks.cpuMs();
    this.timer = setTimeout(this.tick, intervalMs);
  }

  private readonly tick = () => {
    this.measure();
    this.timer = setTimeout(this.tick, this.intervalMs);
  };

  private measure(): void {
    const now = this.clocks.now();
    const held = now - this.expected + this.intervalMs;
    this.longest = Math.max(this.longest, held);
    if (held > 100) this.over100 += 1;
    const cpu = this.clocks.cpuMs();
    if (cpu !== null && this.cpuAtTick !== null) {
      this.longestCpu = Math.max(this.longestCpu, cpu - this.cpuAtTick);
      if (cpu - this.cpuAtTick > 100) this.over100Cpu += 1;
    }
    this.cpuAtTick = cpu;
    this.peak = Math.max(this.peak, this.clocks.heapBytes() ?? 0);
    this.expected = now + this.intervalMs;
  }

  /** Stop the timer, counting the last stretch (from the last tick to now). */
  stop(): LatenessFigures {
    this.measure();
    clearTimeout(this.timer);
    const cpuKnown = this.cpuAtTick !== null;
    return {
      longestBlockMs: round(this.longest),
      blocksOver100Ms: this.over100,
      longestBlockCpuMs: cpuKnown ? round(this.longestCpu) : null,
      blocksOver100CpuMs: cpuKnown ? this.over100Cpu : null,
      peakHeapMiB: this.peak > 0 ? round(this.peak / 2 ** 20) : null,
    };
  }
}
