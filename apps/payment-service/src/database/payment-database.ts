import { AccountEntity } from './account.entity';
import { PaymentDecisionEntity } from './payment-decision.entity';
import { PaymentEntity } from './payment.entity';
import { PaymentSchema1764400000000 } from './migrations/1764400000000-payment-schema';

/** What PersistenceModule.forRoot needs for payment-service (the outbox/inbox ones are added there). */
export const paymentDatabase = {
  service: 'payment',
  entities: [AccountEntity, PaymentEntity, PaymentDecisionEntity],
  migrations: [PaymentSchema1764400000000],
};
