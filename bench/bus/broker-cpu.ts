import { readdirSync, readFileSync } from 'node:fs';
import { BenchTransport } from '../support/cli-args';

/** What identifies each broker's process on its command line; TCP has no broker. */
const BROKER_COMMAND: Partial<Record<BenchTransport, RegExp>> = {
  rabbitmq: /beam\.smp.*rabbit/,
  kafka: /java.*kafka\.Kafka /,
};

/** Linux clock ticks per second (`getconf CLK_TCK`). */
const CLOCK_TICKS = 100;

/**
 * CPU the local broker spends, sampled from /proc around each run. On two cores the broker shares
 * the machine with the workers, so its CPU per message is part of what a run's rate can be; this
 * is how bench/README.md shows that part rather than guessing it.
 */
export class BrokerCpu {
  private constructor(private readonly pid: number) {}

  /** The broker of `transport` running on this machine, if one can be found. */
  static find(transport: BenchTransport): BrokerCpu | undefined {
    const pattern = BROKER_COMMAND[transport];
    if (!pattern) return undefined;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
        if (pattern.test(command)) return new BrokerCpu(Number(entry));
      } catch {
        // The process ended while the list was read.
      }
    }
    return undefined;
  }

  /** Milliseconds of CPU (user + system) the broker has used so far; undefined once it is gone. */
  cpuMs(): number | undefined {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return undefined;
    }
  }

  /** The broker CPU `work` took, next to its result. */
  async around<T>(work: () => Promise<T>): Promise<{ result: T; brokerCpuMs?: number }> {
    const before = this.cpuMs();
    const result = await work();
    const after = this.cpuMs();
    return {
      result,
      brokerCpuMs: before === undefined || after === undefined ? undefined : after - before,
    };
  }
}
