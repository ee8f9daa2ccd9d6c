import { CONTRACTS, contractTypes } from './catalog';
import { isRequestContract } from './contract/message-contract';
import { SERVICES } from './services';

describe('the contract catalog', () => {
  it('holds every message once, each owned by a service on the bus', () => {
    const types = CONTRACTS.map((contract) => contract.type);
    expect(new Set(types).size).toBe(types.length);
    // Every service has messages, and every message's service is on the bus.
    expect(new Set(CONTRACTS.map((contract) => contract.service))).toEqual(
      new Set(Object.keys(SERVICES)),
    );
  });

  it('gives queries a result and events none', () => {
    for (const contract of CONTRACTS) {
      if (contract.kind === 'query') expect(isRequestContract(contract)).toBe(true);
      if (contract.kind === 'event') expect(isRequestContract(contract)).toBe(false);
    }
  });

  it('filters wire types by service, kind and direction', () => {
    expect(contractTypes({ service: 'inventory', kind: 'command', oneWay: true }).sort()).toEqual([
      'inventory.commit-stock',
      'inventory.release-stock',
      'inventory.reserve-stock',
    ]);
    expect(contractTypes({ service: 'payment', kind: 'command', oneWay: false })).toEqual([
      'payment.account.set',
    ]);
    expect(contractTypes({ service: 'order', kind: 'event' }).sort()).toEqual([
      'order.cancelled',
      'order.confirmed',
      'order.created',
    ]);
  });
});
