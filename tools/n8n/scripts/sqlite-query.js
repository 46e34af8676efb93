'use strict';
/** Run by inspect.js under the runtime's Node 24 (node:sqlite): node sqlite-query.js <dbPath> <query> <paramsJson> */
const { DatabaseSync } = require('node:sqlite');
const [dbPath, query, params] = process.argv.slice(2);
const db = new DatabaseSync(dbPath);
db.exec('PRAGMA busy_timeout = 10000');
const rows = db.prepare(query).all(...JSON.parse(params));
db.close();
process.stdout.write(JSON.stringify(rows, (k, v) => (typeof v === 'bigint' ? Number(v) : v)));
