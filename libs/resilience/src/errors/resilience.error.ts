/** Base of the errors the policies raise themselves; `downstream` names whom they protect. */
export abstract class ResilienceError extends Error {
  abstract readonly code: string;

  constructor(
    readonly downstream: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
