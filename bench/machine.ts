import { cpus, loadavg, totalmem, platform, release } from 'node:os';

/** The machine a figure came from, printed with every benchmark run. */
export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    // Timings are wall-clock: on a shared machine they grow with the load (1, 5 and 15 minute averages).
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
