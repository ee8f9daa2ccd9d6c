import { serviceDataSource } from '@railyard/persistence';
import { AppConfig } from '@railyard/platform';
import { orderEnvSchema } from '../config/order.config';
import { orderModel } from './order.model';

/**
 * order-service's database for `npm run migration:* -- order` and the TypeORM CLI (`-d`): the
 * tables, migrations and settings the running service uses (PersistenceModule builds its own
 * through serviceDataSource too), read from the environment by the service's own schema.
 */
export default serviceDataSource('order', orderModel, AppConfig.parse(orderEnvSchema, process.env));
