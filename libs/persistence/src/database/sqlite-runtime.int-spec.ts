import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptionsFromEnv } from './database-options';

/**
 * better-sqlite3 is the one native module the services load. It must load and work on the Node
 * that runs them (the pinned Node 24): a build for another Node fails at require with a
 * NODE_MODULE_VERSION mismatch, and 12.x could abort a Node 24 process when statement
 * finalizers ran after the environment was gone (WiseLibs/better-sqlite3#1515). 13.x is a
 * Node-API build, shipped prebuilt, so no install compiles it against the machine's Node.
 */
describe('better-sqlite3 on this Node', () => {
  let dataDir: string;

  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'railyard-sqlite-runtime-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens a service database the way the services do, and writes and reads it back', async () => {
    const options = databaseOptionsFromEnv(
      'runtime-probe',
      { entities: [], migrations: [] },
      { DATA_DIR: dataDir },
    );
    const db = new DataSource(options);
    await db.initialize();
    try {
      await db.query('CREATE TABLE probe (id INTEGER PRIMARY KEY, note TEXT NOT NULL)');
      await db.transaction((tx) => tx.query('INSERT INTO probe (note) VALUES (?)', ['on node 24']));
      expect(await db.query('SELECT note FROM probe')).toEqual([{ note: 'on node 24' }]);
      expect(await db.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    } finally {
      await db.destroy();
    }
  });

  it('lets a process that leaves thousands of statements to the garbage collector exit cleanly', () => {
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(${JSON.stringify(join(dataDir, 'exit.sqlite'))});
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
      db.transaction(() => {
        for (let i = 0; i < 5000; i++) db.prepare('INSERT INTO t (v) VALUES (?)').run(String(i));
      })();
      globalThis.gc();
      for (let i = 0; i < 5000; i++) db.prepare('SELECT v FROM t WHERE id = ?').get(i);
      console.log(process.version, db.prepare('SELECT count(*) AS n FROM t').get().n);
    `;
    const run = spawnSync(process.execPath, ['--expose-gc', '-e', script], {
      cwd: join(__dirname, '..', '..', '..', '..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: run.status, signal: run.signal, stderr: run.stderr }).toEqual({
      status: 0,
      signal: null,
      stderr: '',
    });
    expect(run.stdout.trim()).toBe(`${process.version} 5000`);
  });
});
