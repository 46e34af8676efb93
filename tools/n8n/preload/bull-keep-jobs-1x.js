'use strict';
/**
 * Preloaded (node --require) into n8n 1.x main in queue mode (see n8n1x.js mainNodeArgs): n8n's own bull,
 * finished jobs kept. Applies N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED / _FAILED to Bull's Queue#add the way
 * 2.x does (a count instead of `true`).
 */
const keep = (name) => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};
const completed = keep('N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED');
const failed = keep('N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED');
const bullPath = require.resolve('bull', { paths: [require('path').resolve(process.argv[1], '..', '..')] });
const Queue = require(bullPath);
const add = Queue.prototype.add;
let noted = false;
Queue.prototype.add = function (name, data, opts) {
  if (typeof name !== 'string') return add.call(this, name, data);
  const o = { ...(opts || {}) };
  if (o.removeOnComplete === true && completed) o.removeOnComplete = completed;
  if (o.removeOnFail === true && failed) o.removeOnFail = failed;
  if (!noted) {
    noted = true;
    process.stderr.write('[e2e harness] n8n 1.x: Bull job options ' + JSON.stringify({ removeOnComplete: o.removeOnComplete, removeOnFail: o.removeOnFail }) + '\n');
  }
  return add.call(this, name, data, o);
};
