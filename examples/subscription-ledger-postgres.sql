-- The subscription ledger (WeChat subscribe messages / subscribe notifications) in PostgreSQL.
-- One row per app, user and template: the user's last decision and how many sends are left.
CREATE TABLE IF NOT EXISTS wechat_subscriptions (
	app        text        NOT NULL,           -- AppID of the Mini Program or Official Account
	openid     text        NOT NULL,           -- the user's OpenID on that app
	template   text        NOT NULL,           -- template ID (priTmplId)
	status     text        NOT NULL,           -- accept | reject | ban (the user's last decision) | noCredit (WeChat answered 43101)
	kind       text,                           -- oneTime | longTerm: learnt from the first send (the send node's templateKind)
	credits    integer     NOT NULL DEFAULT 0, -- sends left: +1 per accept, -1 per one-time send, 0 after reject, ban or 43101
	updated_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (app, openid, template)
);
-- The send workflow's question: who may get this template now?
CREATE INDEX IF NOT EXISTS wechat_subscriptions_sendable ON wechat_subscriptions (app, template) WHERE status = 'accept';
