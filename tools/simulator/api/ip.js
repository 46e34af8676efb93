'use strict';
/** WeChat's own addresses: `/cgi-bin/get_api_domain_ip` and `/cgi-bin/getcallbackip` (fixed lists). */

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'ip',
	routes: {
		'/cgi-bin/get_api_domain_ip': {
			auth: true,
			handler() {
				return { json: { ip_list: ['101.89.47.18', '101.91.34.103', '101.91.37.22', '109.244.145.169', '109.244.194.29', '111.30.185.70'] } };
			},
		},

		'/cgi-bin/getcallbackip': {
			auth: true,
			handler() {
				return { json: { ip_list: ['101.226.103.0/25', '101.226.233.128/25', '58.247.206.128/25', '182.254.86.128/25'] } };
			},
		},
	},
};
