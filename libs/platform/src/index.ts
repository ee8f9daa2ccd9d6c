export * from './bootstrap/run-service';
export * from './config/common-env.schema';
export * from './config/config-validation.error';
export * from './config/env-types';
export * from './config/parse-env';
export * from './logging/logger.module';
export * from './errors/coded.error';
export * from './validation/parse-payload';
