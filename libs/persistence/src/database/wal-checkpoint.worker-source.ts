/**
 * The body of the WAL checkpointer's worker thread, as source text: run with `eval`, since the
 * apps are webpack bundles and a worker needs a file of its own otherwise. Plain CommonJS for the
 * worker's Node; kept to the loop, its settings come in `workerData` (WalCheckpointerSettings).
 *
 * It must open the database with better-sqlite3, the library the app's connection uses: that
 * native module is loaded once per process, so both connections share one copy of SQLite and its
 * POSIX-lock bookkeeping. A second copy (node:sqlite, say) in the same process would have its
 * locks dropped when the other copy closes a descriptor of the same file, which SQLite's "How To
 * Corrupt An SQLite Database File" (§2.2.1, "Multiple copies of SQLite linked into the same
 * application") names as a way to corrupt a database.
 */
export const WAL_CHECKPOINT_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');

function loadBetterSqlite3(bases) {
  let failure;
  for (const base of bases) {
    try {
      return createRequire(base)('better-sqlite3');
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

const Database = loadBetterSqlite3(workerData.resolveFrom);
const db = new Database(workerData.file, { fileMustExist: true });
// Only a RESTART waits for the writer; PASSIVE never does.
db.pragma('busy_timeout = ' + workerData.restartWaitMs);

let passes = 0;
let restarts = 0;
function checkpoint() {
  const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
  passes += 1;
  // A writer that never pauses can keep a PASSIVE pass from catching up, and the WAL then only
  // grows: past the bound, RESTART waits for the writer so that the next one starts the log over.
  if (passive.log > workerData.restartAbovePages && passive.checkpointed < passive.log) {
    db.pragma('wal_checkpoint(RESTART)');
    restarts += 1;
  }
}

const timer = setInterval(() => {
  try {
    checkpoint();
  } catch (error) {
    // SQLITE_BUSY or a locked file: the next pass tries again.
    if (error.code !== 'SQLITE_BUSY' && error.code !== 'SQLITE_LOCKED') throw error;
  }
}, workerData.intervalMs);

parentPort.on('message', (message) => {
  if (message === 'stats') parentPort.postMessage({ stats: { passes, restarts } });
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.postMessage({ stopped: true });
    parentPort.close();
  }
});
parentPort.postMessage({ ready: true });
`;
