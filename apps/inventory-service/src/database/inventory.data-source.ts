import { serviceDataSource } from '@railyard/persistence';
import { AppConfig } from '@railyard/platform';
import { inventoryEnvSchema } from '../config/inventory.config';
import { inventoryModel } from './inventory.model';

/**
 * inventory-service's database for `npm run migration:* -- inventory` and the TypeORM CLI (`-d`): the
 * tables, migrations and settings the running service uses (PersistenceModule builds its own
 * through serviceDataSource too), read from the environment by the service's own schema.
 */
export default serviceDataSource(
  'inventory',
  inventoryModel,
  AppConfig.parse(inventoryEnvSchema, process.env),
);
