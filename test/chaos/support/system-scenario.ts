import { AppName, TransportName } from '../../support/system';
import { ChaosProfile } from './chaos-profile';
import { ChaosSystem } from './chaos-system';
import type { Fault } from './faults';

/** What a scenario set up before its system started, and how to undo it. */
export interface Prepared {
  /** Added to every app's env (e.g. a database URL). */
  env?: Record<string, string>;
  cleanUp?(): Promise<void>;
}

/**
 * A fault that needs a system of its own, unlike FAULTS (which share one standard system per
 * transport): another env (a short saga schedule), apps that start only during the scenario,
 * another database, a second replica. The suite starts that system for it alone and stops it after.
 */
export interface SystemScenario extends Fault {
  /** Env of its system's apps, on top of the suite's. */
  env?(profile: ChaosProfile): Record<string, string>;
  /** Apps the system does not start: the scenario starts them itself, for the first time. */
  deferred?: AppName[];
  /** Runs before the system starts (nothing of it is running yet). */
  prepare?(transport: TransportName): Promise<Prepared>;
  /** Runs once the system is up, before the scenario's fixture and load. */
  started?(chaos: ChaosSystem): Promise<void>;
}
