import { serviceDataSource } from '@railyard/persistence';
import { AppConfig } from '@railyard/platform';
import { paymentEnvSchema } from '../config/payment.config';
import { paymentDatabase } from './payment-database';

/**
 * payment-service's database for `npm run migration:* -- payment` and the TypeORM CLI (`-d`): the
 * tables, migrations and settings the running service uses (PersistenceModule builds its own
 * through serviceDataSource too), read from the environment by the service's own schema.
 */
export default serviceDataSource(
  'payment',
  paymentDatabase,
  AppConfig.parse(paymentEnvSchema, process.env),
);
