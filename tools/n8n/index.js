'use strict';
/**
 * Real-n8n harness (plain CommonJS, used by the jest e2e tests, the benchmarks and the demo): the one public
 * entry of tools/n8n/.
 *
 * Runs a real, headless n8n (default $E2E_N8N_VERSION, else 2.41.1; also 1.123.81: see n8n1x.js; on Node 24,
 * installed once by runtime.sh into a cache) in a throw-away user folder under os.tmpdir(), with this
 * repository's BUILT package (package.json + dist/) installed where n8n loads community packages from:
 * $N8N_USER_FOLDER/.n8n/nodes/node_modules/<name>, so node types are `n8n-nodes-wechat-platform.<name>`
 * exactly as for real users.
 *
 *   const { N8nInstance } = require('../../tools/n8n');
 *   const n8n = new N8nInstance({ queue: false, env: {} });  // queue: true -> redis + main + `workers` workers,
 *                                                   // n8n on PostgreSQL (db: 'postgres' | 'sqlite'; tools/postgres.js)
 *   await n8n.prepare();                            // runtime, temp folder, package install (needs dist/)
 *   await n8n.importCredentials([{ id, name, type, data }]);  // plain data is encrypted on import
 *   await n8n.importWorkflows([workflow]);          // workflows need ids; importing deactivates them
 *   await n8n.activate(workflowId);                 // `n8n publish:workflow` (1.x: update:workflow --active=true); next start
 *   const result = await n8n.execute(workflowId);   // Manual Trigger workflows, via `n8n execute --rawOutput`
 *   n8n.outputOf(result, 'Set');                    // -> [json, ...] of a node's (last run, first output)
 *   await n8n.start();                              // free ports; waits for readiness + workflow activation
 *   await axios.post(n8n.webhookUrl('path'), body); // n8n.baseUrl, n8n.webhookTestUrl(path)
 *   await n8n.executions({ workflowId });           // [{ id, status, mode, workflowId, finished, ... }]
 *   await n8n.waitForExecutions({ workflowId, count: 1 });   // waits until stored and finished, then settles
 *   await n8n.executionData(id);                    // stored run data, usable with outputOf()
 *   n8n.workerExecutions();                         // queue mode: which worker started/finished which id
 *   await n8n.webhooks(); await n8n.triggerStatus(); await n8n.sql('SELECT ...', [params]);
 *   n8n.loadedNodeTypes(); n8n.loadedCredentialTypes();      // what n8n loaded (after start)
 *   n8n.log('main'); n8n.logTail(40);               // logs of 'main', 'worker-1', 'redis', ...
 *   await n8n.restart();                            // stop processes, start again (keeps the data)
 *   await n8n.kill('worker-1', 'SIGKILL');          // crash one process (its process group)
 *   await n8n.rest('POST', `executions/${id}/retry`, { loadWorkflow: false });  // REST as the logged-in owner
 *   await n8n.stop();                               // kills everything, removes the folder unless KEEP_E2E=1
 *
 * Env: E2E_DEBUG=1 (n8n log level debug, harness progress on stderr), KEEP_E2E=1 (keep the temp folder),
 * E2E_PACKAGE_DIR (install the package from another folder than the repo root), E2E_N8N_VERSION (default
 * version; jest.config.js sets it per e2e project through test/e2e/use-n8n-<major>.js),
 * E2E_SQLITE_BUSY_TIMEOUT_MS (preload/sqlite-busy-timeout.js, SQLite only), E2E_QUEUE_DB=sqlite (queue mode on
 * SQLite as before, to compare; default postgres).
 *
 * Files, one job each:
 *   config.js      settings (timeouts, quiet env, debug) and small helpers
 *   runtime.js     Node 24 + n8n of a version, installed once by runtime.sh (also run by .ci/run)
 *   processes.js   process groups, spawn, kill, exit handlers, watchdog (watchdog.js), free ports, probes
 *   cli.js         import:credentials/workflow, publish (activate), execute + parseRawOutput, outputOf
 *   lifecycle.js   prepare (PostgreSQL: a database of its own), start, readiness, activation, stop, restart
 *   queue.js       queue mode: redis-server, queue env, workers
 *   inspect.js     database queries (scripts/: SQLite, or PostgreSQL through n8n's pg), executions, run data,
 *                  webhooks, trigger status, logs
 *   rest.js        n8n's REST API as the logged-in owner (owner setup, login, e.g. retry an execution)
 *   n8n1x.js       every n8n 1.x difference
 *   preload/       scripts n8n processes load with --require (SQLite busy timeout for main + `n8n execute`
 *                  in regular mode, Bull finished jobs on 1.x)
 *
 * Cleanup: every process runs in its own process group; stop() kills the groups, an exit/signal handler
 * kills them when the test process ends, and a detached watchdog kills them if it dies without exiting.
 */
const { REPO_ROOT } = require('./config');
const { N8nInstance } = require('./instance');
const { freePort } = require('./processes');
const { parseRawOutput } = require('./cli');

module.exports = { N8nInstance, freePort, parseRawOutput, REPO_ROOT };
