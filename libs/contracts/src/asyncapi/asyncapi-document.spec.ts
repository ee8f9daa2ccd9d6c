import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { CONTRACTS } from '../catalog';
import { CreateOrder, OrderCreated } from '../order/order.messages';
import { asyncApiDocument } from './asyncapi-document';

describe('asyncApiDocument', () => {
  const document = asyncApiDocument({ version: '1.2.3' });

  it('is a valid AsyncAPI 3.0 document: the official parser reports no error and no warning', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
    const problems = diagnostics
      .filter((d) => d.severity <= DiagnosticSeverity.Warning)
      .map((d) => `${d.path.join('/')}: ${d.message}`);
    expect(problems).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
    expect(parsed?.info().version()).toBe('1.2.3');
  });

  it('has a channel and an operation for every contract, and a reply for every request', async () => {
    const { document: parsed } = await new Parser().parse(JSON.stringify(document));
    const addresses = parsed!
      .channels()
      .all()
      .map((channel) => channel.address());
    for (const contract of CONTRACTS) expect(addresses).toContain(contract.type);
    const operations = parsed!.operations().all();
    expect(operations).toHaveLength(CONTRACTS.length);
    const create = operations.find((op) => op.channels().all()[0]?.address() === CreateOrder.type);
    expect(create?.action()).toBe('receive');
    expect(create?.reply()?.messages().all()).toHaveLength(1);
    const created = operations.find(
      (op) => op.channels().all()[0]?.address() === OrderCreated.type,
    );
    expect(created?.action()).toBe('send');
    expect(created?.reply()).toBeUndefined();
  });

  it("carries the contracts' schemas, limits included", () => {
    const components = document.components as { messages: Record<string, { payload: unknown }> };
    expect(components.messages.OrderCreate.payload).toMatchObject({
      type: 'object',
      required: ['customerId', 'items'],
      properties: {
        customerId: { type: 'string', minLength: 1, maxLength: 64 },
        items: { type: 'array', minItems: 1, maxItems: 100 },
      },
    });
    expect(components.messages.OrderCreateResult.payload).toMatchObject({
      required: ['orderId', 'status', 'replayed'],
    });
  });
});
