/** A benchmark that cannot run here and now for a reason outside it: reported, not a failure. */
export class NotRunError extends Error {
  override readonly name = 'NotRunError';
}
