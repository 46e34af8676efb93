'use strict';
/**
 * A throw-away self-signed certificate for 127.0.0.1, made with the openssl CLI in a temporary directory at
 * bench time (no key is ever committed). n8n trusts it through NODE_EXTRA_CA_CERTS=certFile in its env.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function makeCertificate() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tls-'));
	const certFile = path.join(dir, 'cert.pem');
	const keyFile = path.join(dir, 'key.pem');
	execFileSync('openssl', [
		'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
		'-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
		'-keyout', keyFile, '-out', certFile,
	], { stdio: 'ignore' });
	return { certFile, keyFile, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

module.exports = { makeCertificate };
