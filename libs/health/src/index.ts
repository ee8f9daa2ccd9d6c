export * from './health.controller';
export * from './health.module';
export * from './indicators/transport.health';
export * from './readiness-check';
