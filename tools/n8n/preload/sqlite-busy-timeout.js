'use strict';
/**
 * Preloaded by the harness into every n8n process it starts (NODE_OPTIONS=--require ...).
 *
 * n8n opens SQLite without a busy timeout. That is fine for one process, but the harness runs several on one
 * database file (main + queue-mode workers, or main + an `n8n execute`), and a write that meets another
 * process's write lock then fails at once with SQLITE_BUSY, aborting the execution (seen in queue mode with
 * a few hundred executions). Real queue-mode deployments use Postgres, which waits for locks; this makes
 * SQLite wait too (PRAGMA busy_timeout through node-sqlite3's configure('busyTimeout')). Nothing else of n8n
 * is changed. E2E_SQLITE_BUSY_TIMEOUT_MS (default 30000) sets the wait; 0 turns the patch off.
 */
const Module = require('module');

const timeoutMs = Number(process.env.E2E_SQLITE_BUSY_TIMEOUT_MS || 30000);

function patch(sqlite3) {
	if (!sqlite3 || typeof sqlite3.Database !== 'function' || sqlite3.Database.e2eBusyTimeout) return;
	const Original = sqlite3.Database;
	class Database extends Original {
		constructor(...args) {
			super(...args);
			// node-sqlite3 queues this until the database is open
			this.configure('busyTimeout', timeoutMs);
		}
	}
	Database.e2eBusyTimeout = timeoutMs;
	sqlite3.Database = Database;
}

if (timeoutMs > 0) {
	const originalLoad = Module._load;
	Module._load = function load(request, ...rest) {
		const exported = originalLoad.call(this, request, ...rest);
		if (request === 'sqlite3') patch(exported);
		return exported;
	};
}
