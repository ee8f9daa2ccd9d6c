export * from './as-received';
export * from './manual-saga-clock';
export * from './memory-broker.inspect';
export * from './memory-bus.module';
export * from './start-test-service';
