import { setTimeout as sleep } from 'node:timers/promises';
import { getJson } from '../../support/http';
import { ChaosProfile, seededRandom } from './chaos-profile';
import { ChaosRow } from './chaos-report';
import { ChaosSystem } from './chaos-system';
import { Fault } from './faults';
import { checkScenario, pendingCount, reservedUnits } from './invariants';
import { placeOrders } from './order-load';
import { planScenario, seedFixture } from './scenario-fixture';
import { heldBehindParked, parkedOutbox, unsentOutbox } from './service-databases';

export interface ScenarioResult extends ChaosRow {
  violations: string[];
}

/**
 * One fault scenario: seed its stock and accounts, place its orders at a steady rate, inject the
 * fault a seeded moment into the load, wait (bounded) until the system is quiet again, then check
 * every invariant. Everything random in it derives from `seed`.
 */
export async function runScenario(
  chaos: ChaosSystem,
  fault: Fault,
  profile: ChaosProfile,
  seed: number,
): Promise<ScenarioResult> {
  const random = seededRandom(seed);
  const notes: string[] = [];
  const fixture = planScenario(`${fault.id}-${seed}`, profile.ordersPerScenario, random);
  await (fault.seed ? fault.seed(chaos, fixture) : seedFixture(chaos.gatewayUrl, fixture));
  const deadLettersBefore = await chaos.backlog.deadLetters();
  const parkedBefore = (await parkedOutbox(chaos.databases)).length;

  const loadMs = (profile.ordersPerScenario * 1000) / profile.ordersPerSecond;
  const faultAtMs = Math.floor(loadMs * (0.15 + 0.15 * random()));
  const [placed, faults] = await Promise.all([
    placeOrders(chaos.gatewayUrls, fixture.orders, {
      ordersPerSecond: profile.ordersPerSecond,
      retryWithinMs: profile.terminalWithinMs,
    }),
    sleep(faultAtMs).then(() =>
      fault.inject({ chaos, profile, random, note: (text) => notes.push(text) }),
    ),
  ]);

  const waiting = await quiesce(chaos, fixture.prefix, profile.terminalWithinMs);
  const outcome = await checkScenario(chaos.databases, fixture, placed);
  const parked = await parkedOutbox(chaos.databases);
  const violations = [
    ...outcome.violations,
    ...waiting,
    ...(await unexpectedlyParked(chaos)),
    ...((await fault.check?.({ chaos, fixture, placed })) ?? []),
    ...(await deadApps(chaos)),
  ];
  if (outcome.fulfillableCancelled > 0) {
    notes.push(`${outcome.fulfillableCancelled} fulfillable orders cancelled`);
  }
  return {
    transport: chaos.transport,
    scenario: fault.title,
    seed,
    orders: outcome.accepted,
    faults,
    lost: outcome.lost,
    duplicated: outcome.duplicated,
    deadLettered: (await chaos.backlog.deadLetters()) - deadLettersBefore,
    parked: parked.length - parkedBefore,
    maxTimeToTerminalMs: outcome.maxTimeToTerminalMs,
    passed: violations.length === 0 && outcome.lost === 0 && outcome.duplicated === 0,
    notes: [...notes, ...violations.slice(0, 3)].join('; ') || undefined,
    violations,
  };
}

/**
 * Waits until every order of the scenario is terminal, no stock is left reserved, every outbox is
 * empty and the bus holds nothing outside a dead-letter destination. Returns what still was not
 * quiet when `withinMs` ran out (empty when all is quiet).
 */
async function quiesce(chaos: ChaosSystem, prefix: string, withinMs: number): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const pending = await pendingCount(chaos.databases, prefix);
    const reserved = await reservedUnits(chaos.databases, prefix);
    const left = [
      ...(pending > 0 ? [`${pending} orders PENDING`] : []),
      ...(reserved > 0 ? [`${reserved} units still reserved`] : []),
      ...(await unsentOutbox(chaos.databases)),
      ...(pending === 0 && reserved === 0 ? await chaos.backlog.waiting() : []),
    ];
    if (left.length === 0) return [];
    if (Date.now() > deadline) return left.map((line) => `not quiet after ${withinMs} ms: ${line}`);
    await sleep(500);
  }
}

/**
 * Parked rows no fault asked for: a message the relay gave up on is an outage of its aggregate,
 * and so is a row waiting behind one.
 */
async function unexpectedlyParked(chaos: ChaosSystem): Promise<string[]> {
  const parked = (await parkedOutbox(chaos.databases))
    .filter((row) => !chaos.expectedParked.has(row.messageId))
    .map((row) => `${row.service} outbox: ${row.type} ${row.messageId} parked: ${row.reason}`);
  const held = (await heldBehindParked(chaos.databases))
    .filter((messageId) => !chaos.heldBehindParked.has(messageId))
    .map((messageId) => `outbox: ${messageId} waits behind a parked row`);
  return [...parked, ...held];
}

/** A scenario must leave every app (and replica) up and ready. */
async function deadApps(chaos: ChaosSystem): Promise<string[]> {
  const problems: string[] = [];
  for (const { name, url, output } of chaos.healthUrls()) {
    const answer = await getJson(`${url}/health/ready`, 5_000).catch((error: Error) => ({
      status: 0,
      body: error.message,
    }));
    if (answer.status !== 200) {
      problems.push(
        `${name} not ready: ${JSON.stringify(answer)}\n--- ${name} output ---\n${output().slice(-3_000)}`,
      );
    }
  }
  return problems;
}
