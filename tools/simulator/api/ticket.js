'use strict';
/** JS-SDK tickets: `/cgi-bin/ticket/getticket?type=jsapi|wx_card` (a new ticket per call). */
const crypto = require('crypto');
const { DEFAULT_APPS } = require('../state');

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'ticket',
	methods: {
		/** The last jsapi ticket issued to an app (or null). @param {string} [appId] */
		lastTicket(appId = DEFAULT_APPS.oa.appId) {
			return this._app(appId).ticket;
		},
	},
	routes: {
		'/cgi-bin/ticket/getticket': {
			auth: true,
			only: 'officialAccount',
			handler(sim, { q, app }) {
				const type = q.get('type');
				if (type !== 'jsapi' && type !== 'wx_card') return sim._err(40097);
				const ticket = crypto.randomBytes(64).toString('base64url').slice(0, 86);
				if (type === 'jsapi') app.ticket = ticket;
				return { json: { errcode: 0, errmsg: 'ok', ticket, expires_in: 7200 } };
			},
		},
	},
};
