'use strict';
/**
 * Templates: each app's template list (OA `get_all_private_template`, MP `wxaapi/newtmpl/gettemplate`), the
 * default templates of new apps, and addTemplate(). Keywords are read from a template's content.
 */

const OA_TEMPLATES = [
	{
		template_id: 'TPL_ORDER_SHIPPED',
		title: 'Order shipped',
		primary_industry: 'IT科技',
		deputy_industry: '互联网|电子商务',
		content: '{{first.DATA}}\nOrder: {{keyword1.DATA}}\nShipped: {{keyword2.DATA}}\n{{remark.DATA}}',
		example: 'Your order has shipped\nOrder: SO-10001\nShipped: 2024-05-01 10:00\nThank you',
	},
	{
		template_id: 'TPL_PAYMENT',
		title: 'Payment received',
		primary_industry: 'IT科技',
		deputy_industry: '互联网|电子商务',
		content: 'Item: {{thing1.DATA}}\nAmount: {{amount2.DATA}}\nPaid at: {{time3.DATA}}\nOrder no.: {{character_string4.DATA}}',
		example: 'Item: Coffee beans 1kg\nAmount: ¥128.00\nPaid at: 2024-05-01 10:00\nOrder no.: PAY2024050100001',
	},
];

const MP_TEMPLATES = [
	{
		priTmplId: 'SUB_ORDER',
		title: '订单状态通知',
		content: '商品名称:{{thing1.DATA}}\n数量:{{number2.DATA}}\n金额:{{amount3.DATA}}\n下单时间:{{time4.DATA}}\n订单状态:{{phrase5.DATA}}\n',
		example: '商品名称:咖啡豆\n数量:2\n金额:¥128.00\n下单时间:2024年5月1日 10:00\n订单状态:已发货\n',
		type: 2,
	},
	{
		priTmplId: 'SUB_REMINDER',
		title: '预约提醒',
		content:
			'事项:{{thing1.DATA}}\n日期:{{date2.DATA}}\n联系人:{{name3.DATA}}\n编号:{{character_string4.DATA}}\n电话:{{phone_number5.DATA}}\n车牌:{{car_number6.DATA}}\n代码:{{letter7.DATA}}\n标记:{{symbol8.DATA}}\n',
		example: '事项:保养预约\n日期:2024年5月1日\n联系人:张三\n编号:RSV-0001\n电话:+86-0766-66888866\n车牌:粤A8Z888\n代码:ABC\n标记:%\n',
		type: 2,
	},
];

/** Templates a new app starts with. @param {import('../state').AppType} type */
const defaultTemplates = (type) => (type === 'officialAccount' ? OA_TEMPLATES : MP_TEMPLATES);

/** @param {string} content */
function keywordsOf(content) {
	/** @type {string[]} */
	const out = [];
	const re = /\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g;
	let m;
	while ((m = re.exec(content))) if (!out.includes(m[1])) out.push(m[1]);
	return out;
}

/** @type {import('./index').ApiFamily} */
module.exports = {
	name: 'template',
	defaultTemplates,
	methods: {
		/**
		 * Add a template to an app: OA shape {template_id, title, content, ...} or MP shape {priTmplId, title, content, ...}.
		 * Keywords are read from the content ({{name.DATA}}).
		 * @param {string} appId @param {Record<string, any>} t
		 */
		addTemplate(appId, t) {
			const app = this._app(appId);
			const id = t.template_id || t.priTmplId;
			if (!id || typeof t.content !== 'string') throw new Error('template needs template_id/priTmplId and content');
			const listing =
				app.type === 'officialAccount'
					? { template_id: id, title: t.title || id, primary_industry: t.primary_industry || '', deputy_industry: t.deputy_industry || '', content: t.content, example: t.example || '' }
					: { priTmplId: id, title: t.title || id, content: t.content, example: t.example || '', type: t.type || 2 };
			app.templates.set(id, { id, keywords: keywordsOf(t.content), listing });
		},
	},
	routes: {
		'/cgi-bin/template/get_all_private_template': {
			auth: true,
			only: 'officialAccount',
			handler(sim, { app }) {
				return { json: { template_list: [...app.templates.values()].map((t) => t.listing) } };
			},
		},
		// The subscribe template lists (/wxaapi/newtmpl/*) live in subscription.js.
	},
};
