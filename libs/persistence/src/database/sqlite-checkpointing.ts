import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { WAL_CHECKPOINTER_DEFAULTS, WalCheckpointer } from './wal-checkpointer';

export const sqliteCheckpointEnvSchema = z.object({
  SQLITE_CHECKPOINT: z.enum(['background', 'inline']).default('background'),
});

export type SqliteCheckpointMode = z.output<typeof sqliteCheckpointEnvSchema>['SQLITE_CHECKPOINT'];

export const SQLITE_CHECKPOINT_MODE = Symbol('SQLITE_CHECKPOINT_MODE');

/** SQLite's own default, restored whenever no checkpointer runs. */
const AUTOMATIC_CHECKPOINT_PAGES = 1000;

/**
 * The connection's automatic checkpoint while the thread runs: not off, but at twice the
 * thread's RESTART threshold (16 MiB of log), a backstop that only a starved or outrun thread lets the log reach.
 * The thread's RESTART waits for the writer lock by polling, and a writer that never pauses can
 * hold it at every poll: the log then grew to 3.7x the limit in a spec run on this machine. Past
 * this many pages SQLite checkpoints on the COMMIT, on the event loop, as it would by default.
 */
export const BACKSTOP_CHECKPOINT_PAGES = 2 * WAL_CHECKPOINTER_DEFAULTS.restartAbovePages;

/**
 * Who checkpoints a service's SQLite WAL. `background` (the default): a WalCheckpointer thread,
 * and the connection's automatic checkpoint moved out of its way while it runs (to
 * BACKSTOP_CHECKPOINT_PAGES); should the thread fail to start or die, the automatic checkpoint
 * comes back at SQLite's default, so the log never grows unchecked. `inline`:
 * SQLite's automatic checkpoint, on the COMMIT that crosses 1000 pages. PostgreSQL: nothing.
 */
@Injectable()
export class SqliteCheckpointing implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SqliteCheckpointing.name);
  private checkpointer?: WalCheckpointer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional()
    @Inject(SQLITE_CHECKPOINT_MODE)
    private readonly mode: SqliteCheckpointMode = 'background',
  ) {}

  /** The running checkpointer, if any (specs). */
  get running(): WalCheckpointer | undefined {
    return this.checkpointer;
  }

  async onModuleInit(): Promise<void> {
    const { options } = this.dataSource;
    if (options.type !== 'better-sqlite3' || this.mode !== 'background') return;
    try {
      this.checkpointer = await WalCheckpointer.start(
        { file: options.database, ...WAL_CHECKPOINTER_DEFAULTS },
        (error) => void this.fallBack(error),
      );
    } catch (error) {
      this.logger.warn(
        `WAL checkpoints stay on the event loop: the checkpointer did not start (${String(error)})`,
      );
      return;
    }
    await this.automaticCheckpoint(BACKSTOP_CHECKPOINT_PAGES);
  }

  async onModuleDestroy(): Promise<void> {
    const checkpointer = this.checkpointer;
    if (!checkpointer) return;
    this.checkpointer = undefined;
    // What the app still writes while it shuts down is checkpointed as SQLite would by itself.
    await this.automaticCheckpoint(AUTOMATIC_CHECKPOINT_PAGES);
    await checkpointer.stop();
  }

  private async fallBack(error?: Error): Promise<void> {
    this.checkpointer = undefined;
    this.logger.error(
      `the WAL checkpointer stopped (${error?.message ?? 'exited'}); SQLite checkpoints inline again`,
    );
    await this.automaticCheckpoint(AUTOMATIC_CHECKPOINT_PAGES);
  }

  private async automaticCheckpoint(pages: number): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    await this.dataSource.query(`PRAGMA wal_autocheckpoint = ${pages}`);
  }
}
