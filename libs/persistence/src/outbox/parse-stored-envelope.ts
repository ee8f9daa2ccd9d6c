import { Envelope, InvalidMessageError } from '@railyard/messaging';

/** The stored envelope, or an InvalidMessageError (permanent: parks the row) if it is not one. */
export function parseStoredEnvelope(json: string): Envelope {
  let value: Partial<Envelope>;
  try {
    value = JSON.parse(json) as Partial<Envelope>;
  } catch (error) {
    throw new InvalidMessageError(
      'bad-envelope',
      `stored envelope is not JSON: ${(error as Error).message}`,
    );
  }
  if (typeof value?.messageId !== 'string' || typeof value.type !== 'string') {
    throw new InvalidMessageError('bad-envelope', 'stored envelope has no messageId or type');
  }
  return value as Envelope;
}
