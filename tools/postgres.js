'use strict';
/**
 * A throw-away PostgreSQL cluster for tests and benchmarks, from Debian's postgresql binaries (initdb, pg_ctl,
 * psql on PATH or in /usr/lib/postgresql/<version>/bin; .ci/run and scripts/ensure-deps.js install them):
 * initdb + pg_ctl, trust auth, a free loopback port, the unix socket in its temp dir, durability off (fsync,
 * synchronous_commit, full_page_writes) since nothing here outlives the run. As root, initdb refuses to run:
 * the server then runs as `postgres`.
 *
 *   const { TempPostgres } = require('../tools/postgres');
 *   const pg = new TempPostgres(); await pg.start();
 *   pg.createDatabase('n8n_main');          // one database per n8n instance (tools/n8n does this itself)
 *   pg.sql('SELECT 1', 'n8n_main');         // rows as arrays of strings
 *   pg.connection('n8n_main');              // { host, port, database, user, password }
 *   pg.pid;                                 // the postmaster (leader of its own process group)
 *   await pg.stop();                        // immediate stop, folder removed (unless KEEP_E2E=1)
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');

/** initdb, pg_ctl, psql: on PATH or in /usr/lib/postgresql/<version>/bin (newest first). */
function pgBin(name) {
	const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
	if (onPath && !(name !== 'psql' && onPath.startsWith('/usr/bin/'))) return onPath; // /usr/bin/pg_ctl* are Debian wrappers
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
	for (const v of versions) {
		const candidate = path.join(root, v, 'bin', name);
		if (fs.existsSync(candidate)) return candidate;
	}
	if (onPath) return onPath;
	throw new Error(`${name} not found: install PostgreSQL (apt-get install -y postgresql)`);
}

/** A free loopback port (bind port 0). */
function freeLoopbackPort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

class TempPostgres {
	/** @param {{ port?: number }} [options] a port; default: a free one */
	constructor(options = {}) {
		this.options = options;
		this.started = false;
	}

	async start() {
		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-pg-'));
		this.data = path.join(this.dir, 'data');
		this.log = path.join(this.dir, 'postgres.log');
		this.port = this.options.port || (await freeLoopbackPort());
		this.asUser = [];
		if (process.getuid && process.getuid() === 0) {
			const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
			const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
			if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root and there is no postgres user');
			fs.chownSync(this.dir, uid, gid);
			this.asUser = ['runuser', '-u', 'postgres', '--'];
		}
		this.run(pgBin('initdb'), ['-D', this.data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale']);
		const opts =
			`-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off ` +
			'-c full_page_writes=off -c max_connections=200';
		this.run(pgBin('pg_ctl'), ['-D', this.data, '-l', this.log, '-o', opts, '-w', '-t', '60', 'start']);
		this.started = true;
		// pg_ctl starts the postmaster in a session of its own: its pid leads the group of every backend.
		this.pid = Number(fs.readFileSync(path.join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
		return this;
	}

	run(cmd, args) {
		const [bin, ...rest] = this.asUser.length ? [...this.asUser, cmd, ...args] : [cmd, ...args];
		const res = spawnSync(bin, rest, { encoding: 'utf8', cwd: this.dir, timeout: 120_000 });
		if (res.status !== 0) {
			const log = fs.existsSync(this.log) ? fs.readFileSync(this.log, 'utf8').slice(-2000) : '';
			throw new Error(`${cmd} ${args.join(' ')} failed (${res.status}): ${res.stderr}${res.stdout}${log}`);
		}
		return res.stdout;
	}

	/** Runs SQL through psql on the socket; returns rows as arrays of strings (unaligned, tab separated). */
	sql(query, database = 'postgres') {
		const res = spawnSync(
			pgBin('psql'),
			['-h', this.dir, '-p', String(this.port), '-U', 'postgres', '-d', database, '-X', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query],
			{ encoding: 'utf8', timeout: 60_000 },
		);
		if (res.status !== 0) throw new Error(`psql failed (${res.status}): ${res.stderr}`);
		return res.stdout.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
	}

	/** Creates an empty database (names: lower case letters, digits, underscores). */
	createDatabase(name) {
		if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`createDatabase: bad name ${name}`);
		this.sql(`CREATE DATABASE ${name}`);
		return name;
	}

	/** What a client needs to connect over TCP (trust auth: no password). */
	connection(database = 'postgres') {
		return { host: '127.0.0.1', port: this.port, database, user: 'postgres', password: '' };
	}

	async stop() {
		try {
			if (this.started) this.run(pgBin('pg_ctl'), ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
		} finally {
			this.started = false;
			if (this.dir && process.env.KEEP_E2E !== '1') fs.rmSync(this.dir, { recursive: true, force: true });
		}
	}
}

module.exports = { TempPostgres, pgBin };
