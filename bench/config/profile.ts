/**
 * How much work each benchmark does. `smoke` proves every path still runs (CI, seconds);
 * `full` is what the figures in the report come from.
 */
export interface Profile {
  name: 'smoke' | 'full';
  bus: {
    /** Measured A/B pairs after one warm-up pair. */
    pairs: number;
    /** Publishes in flight at once in the throughput runs. */
    window: number;
    /** Each throughput run lasts about this long (its size is set from the warm-up). */
    runSeconds: number;
    /** Bounds on the messages of one throughput run. */
    minMessages: number;
    maxMessages: number;
    latencyPairs: number;
    latencySeconds: number;
    /** Arrival rate of the latency runs, msg/s, capped at a fraction of measured throughput. */
    latencyRate: number;
  };
  saga: {
    transports: Array<'tcp' | 'rabbitmq' | 'kafka'>;
    /** Orders of each max-rate run, and of the warm-up before them. */
    orders: number;
    warmUpOrders: number;
    /** Create requests in flight while placing them. */
    concurrency: number;
    /** Length of the open-loop run at half the maximum rate. */
    halfRateSeconds: number;
    /** Orders whose ledger is checked one by one after the run (all others in aggregate). */
    ledgerSample: number;
  };
  gateway: {
    pairs: number;
    seconds: number;
    connections: number;
    /** Unmeasured load on each side of a comparison first (ab-http.ts says why). */
    warmUpSeconds: number;
  };
  /** Concurrent `POST /orders` on a fresh system, per transport (issue 13: 200, every transport). */
  burst: { transports: Array<'tcp' | 'rabbitmq' | 'kafka'>; orders: number };
  resilience: { rounds: number; calls: number };
  /** Saga throughput, telemetry on vs off: fresh systems per mode, alternating (issue 16). */
  observability: {
    transports: Array<'tcp' | 'rabbitmq' | 'kafka'>;
    /** Systems started per mode. */
    pairs: number;
    orders: number;
    warmUpOrders: number;
  };
}

export const PROFILES: Record<Profile['name'], Profile> = {
  smoke: {
    name: 'smoke',
    bus: {
      pairs: 1,
      window: 64,
      runSeconds: 0.3,
      minMessages: 200,
      maxMessages: 2_000,
      latencyPairs: 1,
      latencySeconds: 0.5,
      latencyRate: 200,
    },
    saga: {
      transports: ['tcp'],
      orders: 40,
      warmUpOrders: 10,
      concurrency: 16,
      halfRateSeconds: 1,
      ledgerSample: 20,
    },
    gateway: { pairs: 1, seconds: 1, connections: 10, warmUpSeconds: 1 },
    burst: { transports: ['tcp', 'rabbitmq', 'kafka'], orders: 200 },
    resilience: { rounds: 3, calls: 2_000 },
    observability: { transports: ['tcp'], pairs: 1, orders: 40, warmUpOrders: 10 },
  },
  full: {
    name: 'full',
    bus: {
      pairs: 5,
      window: 256,
      runSeconds: 2,
      minMessages: 2_000,
      maxMessages: 60_000,
      latencyPairs: 3,
      latencySeconds: 4,
      latencyRate: 500,
    },
    saga: {
      transports: ['tcp', 'rabbitmq', 'kafka'],
      orders: 1_500,
      warmUpOrders: 200,
      concurrency: 32,
      halfRateSeconds: 8,
      ledgerSample: 400,
    },
    gateway: { pairs: 5, seconds: 3, connections: 20, warmUpSeconds: 10 },
    burst: { transports: ['tcp', 'rabbitmq', 'kafka'], orders: 200 },
    resilience: { rounds: 9, calls: 20_000 },
    observability: {
      transports: ['tcp', 'rabbitmq', 'kafka'],
      pairs: 2,
      orders: 1_000,
      warmUpOrders: 200,
    },
  },
};
