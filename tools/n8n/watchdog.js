'use strict';
/**
 * Started detached by processes.js (one per prepared instance): polls the test process; when it is gone
 * without having stopped n8n, kills the process groups listed in the pid file and removes the folder.
 * Usage: node watchdog.js <parentPid> <pidFile> <dir> <keep: 1|0>
 */
const fs = require('fs');
const [parentPid, pidFile, dir, keep] = process.argv.slice(2);
function alive(pid) { try { process.kill(pid, 0); return true; } catch { return false; } }
setInterval(() => {
  if (!fs.existsSync(pidFile)) process.exit(0);
  if (alive(Number(parentPid))) return;
  const pids = fs.readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
  for (const pid of pids) { try { process.kill(-pid, 'SIGKILL'); } catch {} }
  if (keep !== '1') { try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} }
  else { try { fs.rmSync(pidFile, { force: true }); } catch {} }
  process.exit(0);
}, 1000);
