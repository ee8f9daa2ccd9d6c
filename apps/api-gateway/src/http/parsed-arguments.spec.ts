import { MODULE_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DECORATORS } from '@nestjs/swagger';
import { InventoryModule } from '../inventory/inventory.module';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';
import { apiSchemaRef } from './api-schemas';
import { openApiSchemaOf } from './openapi-schema';
import { ZodValidationPipe } from './zod-validation.pipe';

type Controller = { prototype: Record<string, unknown>; name: string };
interface RouteArgument {
  index: number;
  pipes?: unknown[];
}
interface DocumentedParameter {
  in: string;
  name?: string;
  schema?: unknown;
}

const FROM_THE_REQUEST = new Set([
  RouteParamtypes.BODY,
  RouteParamtypes.PARAM,
  RouteParamtypes.QUERY,
]);

/** Every route of the gateway's service modules, with the arguments Nest resolves for it. */
function routes() {
  const controllers = [OrdersModule, InventoryModule, PaymentsModule].flatMap(
    (module) => Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) as Controller[],
  );
  return controllers.flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .filter((name) => Reflect.hasMetadata(PATH_METADATA, controller.prototype[name] as object))
      .map((name) => {
        const handler = controller.prototype[name] as object;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
          string,
          RouteArgument
        >;
        const documented = (Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) ??
          []) as DocumentedParameter[];
        const fromRequest = Object.entries(args)
          .filter(([key]) => FROM_THE_REQUEST.has(Number(key.split(':')[0])))
          .map(([key, arg]) => ({ type: Number(key.split(':')[0]), pipes: arg.pipes ?? [] }));
        return { route: `${controller.name}.${name}`, fromRequest, documented };
      }),
  );
}

describe('route arguments taken from the request', () => {
  const all = routes();

  it('finds the seven service routes', () => {
    expect(all).toHaveLength(7);
  });

  it('parses each with a schema (ParsedBody, ParsedParams): none reaches a handler unchecked', () => {
    const unchecked = all.flatMap(({ route, fromRequest }) =>
      fromRequest
        .filter(({ pipes }) => !pipes.some((pipe) => pipe instanceof ZodValidationPipe))
        .map(({ type }) => `${route}: ${RouteParamtypes[type]}`),
    );
    expect(unchecked).toEqual([]);
    expect(all.flatMap(({ fromRequest }) => fromRequest)).toHaveLength(7);
  });

  it('documents each with the schema that parses it', () => {
    for (const { route, fromRequest, documented } of all) {
      for (const { type, pipes } of fromRequest) {
        const { schema } = pipes.find((pipe) => pipe instanceof ZodValidationPipe)!;
        if (type === RouteParamtypes.BODY) {
          expect({ route, body: documented.find((p) => p.in === 'body')?.schema }).toEqual({
            route,
            body: apiSchemaRef(schema),
          });
        } else {
          const shape = (schema as unknown as { shape: Record<string, never> }).shape;
          for (const [name, field] of Object.entries(shape)) {
            const parameter = documented.find((p) => p.name === name);
            expect({ route, name, schema: parameter?.schema }).toEqual({
              route,
              name,
              schema: openApiSchemaOf(field),
            });
          }
        }
      }
    }
  });
});
