export * from './correlation';
export * from './inventory/inventory.messages';
export * from './money';
export * from './order/order.messages';
export * from './payment/payment.messages';
export * from './services';
