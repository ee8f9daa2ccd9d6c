import { GetProduct } from '@railyard/contracts';
import { asReceived } from '../../../../test/support/as-received';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { InventoryHarness, setProductCommand, uniqueId } from '../../test/inventory-harness';
import { GetProductQuery } from '../get-product/get-product.query';

jest.setTimeout(60_000);

describe.each(DATABASE_KINDS)('SetProduct and GetProduct on %s', (kind) => {
  let inventory: InventoryHarness;

  beforeAll(async () => {
    inventory = await InventoryHarness.start(kind);
  });
  afterAll(() => inventory?.close());

  const setProduct = async (payload: unknown) =>
    inventory.commandBus.execute(setProductCommand(payload));
  const getProduct = async (payload: unknown) =>
    inventory.queryBus.execute(new GetProductQuery(asReceived(GetProduct, payload)));

  it('creates a product and returns its view', async () => {
    const sku = uniqueId('sku');
    expect(await setProduct({ sku, available: 7 })).toEqual({ sku, available: 7, reserved: 0 });
    expect(await getProduct({ sku })).toEqual({ sku, available: 7, reserved: 0 });
    expect(await inventory.product(sku)).toMatchObject({ committed: 0 });
  });

  it('replaces available only: reserved and committed stay as they are', async () => {
    const sku = uniqueId('sku');
    await setProduct({ sku, available: 10 });
    await inventory.reserveFor(uniqueId('order'), [{ sku, quantity: 2 }]);
    const committed = uniqueId('order');
    await inventory.reserveFor(committed, [{ sku, quantity: 3 }]);
    await inventory.commitFor(committed);

    expect(await setProduct({ sku, available: 4 })).toEqual({ sku, available: 4, reserved: 2 });
    expect(await inventory.product(sku)).toMatchObject({ available: 4, reserved: 2, committed: 3 });
  });

  it('accepts zero', async () => {
    const sku = uniqueId('sku');
    expect(await setProduct({ sku, available: 0 })).toEqual({ sku, available: 0, reserved: 0 });
  });

  it.each([
    ['a negative count', { available: -1 }],
    ['a fractional count', { available: 1.5 }],
    ['a string count', { available: '3' }],
    ['no count', {}],
  ])('refuses %s with INVALID_MESSAGE', async (_name, body) => {
    const sku = uniqueId('sku');
    await expect(setProduct({ sku, ...body })).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
    expect(await inventory.product(sku)).toBeNull();
  });

  it('answers PRODUCT_NOT_FOUND for an unknown sku', async () => {
    await expect(getProduct({ sku: uniqueId('nope') })).rejects.toMatchObject({
      code: 'PRODUCT_NOT_FOUND',
    });
  });

  it('refuses a get without a sku with INVALID_MESSAGE', async () => {
    await expect(getProduct({})).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
  });

  it('concurrent creations of one sku end with one row and no error', async () => {
    const sku = uniqueId('sku');
    await Promise.all([1, 2, 3, 4, 5].map((available) => setProduct({ sku, available })));
    expect([1, 2, 3, 4, 5]).toContain((await getProduct({ sku })).available);
  });
});
