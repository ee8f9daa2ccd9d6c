/**
 * The services on the bus and their default ports. RPC targets are named by these keys; each
 * address can be moved with `<NAME>_HOST`, `<NAME>_HTTP_PORT` and `<NAME>_TCP_PORT`.
 * `nest g microservice` appends to this list.
 */
export const SERVICES = {
  order: { httpPort: 3001, tcpPort: 4001 },
  inventory: { httpPort: 3002, tcpPort: 4002 },
  payment: { httpPort: 3003, tcpPort: 4003 },
} as const;

export type ServiceName = keyof typeof SERVICES;

/**
 * The services that run sagas (SagaModule): the ones the gateway's saga admin routes ask.
 * `nest g saga` adds a service here when it gives it its first saga.
 */
export const SAGA_HOSTS: readonly ServiceName[] = ['order'];

export const GATEWAY_HTTP_PORT = 3000;
