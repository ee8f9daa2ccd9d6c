import { DatabaseModel } from './database/database-options';
import { InboxMessageEntity } from './inbox/inbox-message.entity';
import { OutboxInbox1764300000000 } from './migrations/1764300000000-outbox-inbox';
import { OutboxParkingRetention1764500000000 } from './migrations/1764500000000-outbox-parking-retention';
import { InboxReply1764500000100 } from './migrations/1764500000100-inbox-reply';
import { RetentionIndexes1764900000000 } from './migrations/1764900000000-retention-indexes';
import { OutboxMessageEntity } from './outbox/outbox-message.entity';

/**
 * A service's whole database: the outbox and inbox tables, their migrations first, then the
 * service's own. PersistenceModule and the service's CLI data source both build on this.
 */
export function withPersistenceTables(model: DatabaseModel): DatabaseModel {
  return {
    entities: [OutboxMessageEntity, InboxMessageEntity, ...(model.entities as [])],
    migrations: [
      OutboxInbox1764300000000,
      OutboxParkingRetention1764500000000,
      InboxReply1764500000100,
      RetentionIndexes1764900000000,
      ...(model.migrations as []),
    ],
  };
}
