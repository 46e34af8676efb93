'use strict';
/**
 * Run by inspect.js under the runtime's Node 24 (node:sqlite), N8N_PACKAGE_DIR = n8n's package folder (for
 * its `flatted`): node sqlite-execution-data.js <dbPath> <executionId>. Prints the stored run data as JSON.
 */
const { DatabaseSync } = require('node:sqlite');
const { parse } = require(require.resolve('flatted', { paths: [process.env.N8N_PACKAGE_DIR] }));
const [dbPath, id] = process.argv.slice(2);
const db = new DatabaseSync(dbPath);
db.exec('PRAGMA busy_timeout = 10000');
const row = db.prepare('SELECT data FROM execution_data WHERE executionId = ?').get(Number(id));
db.close();
if (!row) { console.error('no execution_data for execution ' + id); process.exit(2); }
process.stdout.write(JSON.stringify(parse(row.data)));
