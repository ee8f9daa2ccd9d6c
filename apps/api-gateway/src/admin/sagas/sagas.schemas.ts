import {
  operatorReason,
  SAGA_ADMIN_LIMITS,
  SAGA_HOSTS,
  sagaCursor,
  sagaDetail,
  sagaId,
  sagaPage,
  sagaStatus,
} from '@railyard/contracts';
import { z } from 'zod/v4';
import { apiSchema } from '../../http/api-schemas';

/**
 * `:service`: a service that runs sagas (SAGA_HOSTS). Any other is answered 404 by the route, not
 * 400: it names no saga collection, as an unknown saga id names no saga.
 */
const service = z.string().max(64);

export const sagaServiceParams = z.strictObject({ service });
export type SagaServiceParams = z.output<typeof sagaServiceParams>;

export const sagaParams = z.strictObject({ service, id: sagaId });
export type SagaParams = z.output<typeof sagaParams>;

/** `?status=` once, repeated or comma-separated: query strings give a string or an array. */
const statuses = z.preprocess(
  (value) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]))
      .map((item) => (typeof item === 'string' ? item.trim() : item)),
  z.array(sagaStatus).min(1).max(sagaStatus.options.length),
);

/** `?status=&olderThanSeconds=&limit=&after=`: query strings are text, numbers are read here. */
export const sagaListQuery = z.strictObject({
  status: statuses.optional(),
  olderThanSeconds: z.coerce
    .number()
    .int()
    .min(0)
    .max(SAGA_ADMIN_LIMITS.maxOlderThanSeconds)
    .optional(),
  limit: z.coerce.number().int().min(1).max(SAGA_ADMIN_LIMITS.maxPerPage).default(50),
  after: sagaCursor.optional(),
});
export type SagaListQuery = z.output<typeof sagaListQuery>;

/** The body of a retry or an abort: why, for the saga's log (who is the token's subject). */
export const sagaActionRequest = apiSchema(
  'SagaAction',
  z.strictObject({ reason: operatorReason.optional() }),
);
export type SagaActionRequest = z.output<typeof sagaActionRequest>;

export const sagaPageResponse = apiSchema('SagaPage', sagaPage);
export const sagaDetailResponse = apiSchema('SagaDetail', sagaDetail);

/** Whether `service` runs sagas: the gateway knows from libs/contracts, without asking it. */
export const hostsSagas = (service: string): boolean =>
  (SAGA_HOSTS as readonly string[]).includes(service);
