import {
  fromMinorUnits,
  GetProduct,
  MAX_AVAILABLE,
  MONEY_LIMITS,
  SetProduct,
  TEXT_ID_MAX_LENGTH,
} from '@railyard/contracts';
import { z } from 'zod/v4';
import { productResponse } from '../inventory/product.response';
import '../inventory/set-product/set-product.request';
import '../orders/create-order/create-order.request';
import '../orders/create-order/create-order.response';
import '../orders/get-order/order-details.response';
import '../payments/account.response';
import '../payments/set-account/set-account.request';
import { apiComponentSchemas, apiSchema, apiSchemaRef } from './api-schemas';
import { openApiSchemaOf } from './openapi-schema';

type Schema = Record<string, unknown> & { properties: Record<string, Schema>; items: Schema };

const schemas = apiComponentSchemas() as unknown as Record<string, Schema>;

/** Every key used anywhere in a JSON value. */
function keysIn(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysIn(inner)]);
}

describe("the OpenAPI document's schemas (derived from the contracts)", () => {
  it('names every request and response schema once', () => {
    expect(Object.keys(schemas).sort()).toEqual([
      'AccountResponse',
      'CreateOrderRequest',
      'CreateOrderResponse',
      'InventoryPartResponse',
      'OrderDetailsResponse',
      'OrderResponse',
      'PaymentPartResponse',
      'PaymentResponse',
      'ProductResponse',
      'SetAccountRequest',
      'SetProductRequest',
    ]);
  });

  it("shows an order's limits as the contracts set them, prices in major units", () => {
    const order = schemas.CreateOrderRequest;
    expect(order.required).toEqual(['customerId', 'items']);
    expect(order.additionalProperties).toBe(false);
    expect(order.properties.customerId).toMatchObject({
      minLength: 1,
      maxLength: TEXT_ID_MAX_LENGTH,
    });
    const items = order.properties.items;
    expect(items).toMatchObject({ minItems: 1, maxItems: MONEY_LIMITS.maxLines });
    expect(items.description).toContain(String(fromMinorUnits(MONEY_LIMITS.maxOrderTotal)));
    expect(items.items.additionalProperties).toBe(false);
    expect(items.items.properties.quantity).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: MONEY_LIMITS.maxQuantity,
    });
    expect(items.items.properties.unitPrice).toMatchObject({
      type: 'number',
      minimum: 0,
      maximum: fromMinorUnits(MONEY_LIMITS.maxUnitPrice),
    });
  });

  it('shows the operator commands as their messages take them', () => {
    expect(schemas.SetAccountRequest.properties.balance).toMatchObject({
      maximum: fromMinorUnits(MONEY_LIMITS.maxBalance),
    });
    expect(schemas.SetProductRequest).toMatchObject({
      required: ['sku', 'available'],
      additionalProperties: false,
      properties: { available: { type: 'integer', minimum: 0, maximum: MAX_AVAILABLE } },
    });
  });

  it("answers a product as GetProduct's and SetProduct's result, unchanged", () => {
    expect(productResponse).toBe(GetProduct.result);
    expect(SetProduct.result).toBe(GetProduct.result);
    expect(schemas.ProductResponse).toEqual(openApiSchemaOf(GetProduct.result));
  });

  it('refers to a named schema inside another by its name', () => {
    expect(schemas.OrderDetailsResponse.properties.order).toEqual({
      $ref: '#/components/schemas/OrderResponse',
    });
    expect(schemas.OrderDetailsResponse.required).toEqual(['order']);
    expect(schemas.PaymentPartResponse.properties.payments.items).toEqual({
      $ref: '#/components/schemas/PaymentResponse',
    });
  });

  it('writes OpenAPI 3.0 schema objects, without the JSON Schema keywords 3.0 lacks', () => {
    const used = new Set(keysIn(schemas));
    for (const keyword of ['$schema', '$id', '$defs', 'definitions', 'const', 'prefixItems']) {
      expect({ keyword, used: used.has(keyword) }).toEqual({ keyword, used: false });
    }
    expect(openApiSchemaOf(z.literal('PENDING'))).toEqual({ type: 'string', enum: ['PENDING'] });
    expect(openApiSchemaOf(z.number().positive())).toEqual({
      type: 'number',
      minimum: 0,
      exclusiveMinimum: true,
    });
    expect(openApiSchemaOf(z.string().max(3).nullable())).toEqual({
      type: 'string',
      maxLength: 3,
      nullable: true,
    });
  });

  it('names a schema once, and refers only to named ones', () => {
    const unnamed = z.object({ a: z.string() });
    expect(() => apiSchemaRef(unnamed)).toThrow('no name');
    apiSchema('Once', unnamed);
    expect(apiSchemaRef(unnamed)).toEqual({ $ref: '#/components/schemas/Once' });
    expect(() => apiSchema('Twice', unnamed)).toThrow('already named Once');
  });
});
