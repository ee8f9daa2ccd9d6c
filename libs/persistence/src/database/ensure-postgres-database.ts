import { Client } from 'pg';
import { redactUrl } from '@railyard/platform';

/**
 * Creates the service's PostgreSQL database if it does not exist yet, so a fresh cluster works with
 * `npm start` as SQLite does. Needs CREATEDB on the URL's user; otherwise create it beforehand.
 */
export async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`database URL ${redactUrl(url)} names no database`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`)
        .catch((error: { code?: string; constraint?: string }) => {
          // Created meanwhile by a sibling replica: 42P04 when it committed first, 23505 on
          // pg_database's name index when both inserted at once (seen with 4 concurrent starts).
          if (error.code === '42P04') return;
          if (error.code === '23505' && error.constraint === 'pg_database_datname_index') return;
          throw error;
        });
    }
  } finally {
    await client.end();
  }
}
