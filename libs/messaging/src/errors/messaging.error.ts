/** Base of every error the bus throws; `code` is stable and safe to branch on. */
export abstract class MessagingError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
