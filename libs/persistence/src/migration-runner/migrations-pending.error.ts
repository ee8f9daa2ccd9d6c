/**
 * MIGRATIONS=off and the database is behind the code: the service refuses to start rather than
 * run against a schema it was not written for.
 */
export class MigrationsPendingError extends Error {
  constructor(service: string, what: string) {
    super(
      `${service}: MIGRATIONS=off and ${what}. Run \`npm run migration:run -- ${service}\` ` +
        'first (it creates the database if missing), or start with MIGRATIONS=auto.',
    );
    this.name = 'MigrationsPendingError';
  }
}
