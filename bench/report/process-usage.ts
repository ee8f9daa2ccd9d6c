import { readFileSync } from 'node:fs';

/** CPU and memory one process used during a benchmark. */
export interface ProcessUsage {
  /** Which benchmark and which role, e.g. `saga.kafka order-service`. */
  name: string;
  pid: number;
  cpuSeconds: number;
  peakRssMb: number;
}

/** Linux clock ticks per second (`getconf CLK_TCK`), 100 on every kernel Node supports here. */
const CLOCK_TICKS = 100;

/** CPU (user + system) and peak RSS of another process, from /proc; undefined once it is gone. */
export function usageOfPid(name: string, pid: number | undefined): ProcessUsage | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { name, pid, cpuSeconds: ticks / CLOCK_TICKS, peakRssMb: hwmKb / 1024 };
  } catch {
    return undefined;
  }
}

/** The same for this process. */
export function usageOfSelf(name: string): ProcessUsage {
  const cpu = process.cpuUsage();
  return {
    name,
    pid: process.pid,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
