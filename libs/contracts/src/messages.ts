// Every service's messages. `nest g microservice` adds a line here, in path order.
export * from './inventory/inventory.messages';
export * from './order/order.messages';
export * from './payment/payment.messages';
