'use strict';
/**
 * Run by inspect.js under the runtime's Node 24 with n8n's own `pg` (N8N_PACKAGE_DIR = n8n's package folder):
 * node pg-query.js <connectionJson> <query> <paramsJson> [executionData]
 * The harness writes its queries for SQLite; here they are made PostgreSQL's: `?` -> $1.., camelCase
 * identifiers quoted (n8n's Postgres columns keep their case: "workflowId"). With `executionData`, the query
 * is ignored and the stored run data of execution <params[0]> is printed (flatted, as n8n stores it).
 */
const resolve = (name) => require.resolve(name, { paths: [process.env.N8N_PACKAGE_DIR] });
const { Client } = require(resolve('pg'));
const [connection, query, params, mode] = process.argv.slice(2);

/** SQLite-flavoured SQL of the harness -> PostgreSQL (outside quoted strings only). */
function toPostgres(sql) {
	let n = 0;
	return sql
		.split(/('(?:[^']|'')*')/)
		.map((part, i) => (i % 2 === 1 ? part : part.replace(/\?/g, () => `$${++n}`).replace(/(?<!["\w$])([a-z]+[A-Z][A-Za-z0-9]*)\b/g, '"$1"')))
		.join('');
}

(async () => {
	const client = new Client({ ...JSON.parse(connection), statement_timeout: 20_000 });
	await client.connect();
	try {
		const values = JSON.parse(params);
		if (mode === 'executionData') {
			const { parse } = require(resolve('flatted'));
			const res = await client.query('SELECT data FROM execution_data WHERE "executionId" = $1', [Number(values[0])]);
			if (!res.rows.length) {
				console.error('no execution_data for execution ' + values[0]);
				process.exitCode = 2;
				return;
			}
			process.stdout.write(JSON.stringify(parse(res.rows[0].data)));
			return;
		}
		const res = await client.query(toPostgres(query), values);
		process.stdout.write(JSON.stringify(res.rows, (k, v) => (typeof v === 'bigint' ? Number(v) : v)));
	} finally {
		await client.end();
	}
})().catch((error) => {
	console.error(error.message);
	process.exitCode = 1;
});
