import { Logger } from '@nestjs/common';
import { z } from 'zod/v4';
import { defineQuery, GetProduct, SetProduct } from '@railyard/contracts';
import { MessageBus, RemoteError, RequestTimeoutError } from '@railyard/messaging';
import { ResilienceRegistry } from '../registry/resilience-registry';
import { DEFAULT_RESILIENCE_SETTINGS } from '../settings/resilience-settings';
import { ResilientBus } from './resilient-bus.service';

describe('ResilientBus', () => {
  const SET = { sku: 'a', available: 1 };
  const registry = () =>
    ResilienceRegistry.fromSettings(
      { inventory: { ...DEFAULT_RESILIENCE_SETTINGS, attemptTimeoutMs: 300, budgetMs: 700 } },
      new Logger('test'),
    );

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends each attempt with its own timeout and retries idempotent requests', async () => {
    const request = jest
      .fn()
      .mockRejectedValueOnce(new RequestTimeoutError('inventory', 'inventory.product.get', 300))
      .mockResolvedValue({ sku: 'a' });
    const bus = new ResilientBus(registry(), { request } as unknown as MessageBus);
    const answer = bus.request(GetProduct, { sku: 'a' });
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(answer).resolves.toEqual({ sku: 'a' });
    expect(request).toHaveBeenCalledTimes(2);
    const [contract, payload, options] = request.mock.calls[0];
    expect({ contract, payload }).toEqual({ contract: GetProduct, payload: { sku: 'a' } });
    expect(options.timeoutMs).toBe(300);
    expect(request.mock.calls[1][2].timeoutMs).toBeLessThanOrEqual(300);
  });

  it('sends every attempt of one call under one message id, so the target acts once', async () => {
    const request = jest
      .fn()
      .mockRejectedValueOnce(new RequestTimeoutError('inventory', 'inventory.product.set', 300))
      .mockResolvedValue({ sku: 'a' });
    const bus = new ResilientBus(registry(), { request } as unknown as MessageBus);
    const first = bus.request(SetProduct, SET, { idempotent: true });
    await jest.advanceTimersByTimeAsync(1_000);
    await first;
    const second = bus.request(SetProduct, SET, { idempotent: true });
    await jest.advanceTimersByTimeAsync(1_000);
    await second;
    const ids = request.mock.calls.map((call) => (call[2] as { messageId?: string }).messageId);
    expect(ids).toEqual([expect.any(String), ids[0], expect.any(String)]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('sends a request that is not idempotent once, and passes remote answers through', async () => {
    const conflict = new RemoteError('inventory', 'SKU_CONFLICT', 'taken');
    const request = jest.fn().mockRejectedValue(conflict);
    const bus = new ResilientBus(registry(), { request } as unknown as MessageBus);
    await expect(bus.request(SetProduct, SET)).rejects.toBe(conflict);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('refuses an unknown downstream', () => {
    const bus = new ResilientBus(registry(), { request: jest.fn() } as unknown as MessageBus);
    const GetParcel = defineQuery({
      type: 'shipping.parcel.get',
      service: 'shipping',
      summary: 'a service this registry has no policy for',
      payload: z.object({}),
      result: z.object({}),
    });
    expect(() => bus.request(GetParcel, {})).toThrow(/shipping/);
  });
});
