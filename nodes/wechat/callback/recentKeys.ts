/**
 * WeChat retries a callback it got no answer for within 5 s (three times). The retries carry the same
 * message, so its key (MsgId, or FromUserName + CreateTime + Event + EventKey) identifies them.
 *
 * A bounded, time-limited set of recently seen keys. Expiry compares Date.now() on each call: no timers.
 * Entries are kept in insertion order (a Map), which is also expiry order because the lifetime is fixed,
 * so pruning looks only at the oldest entries.
 */
export class RecentKeys {
	private readonly seenAt = new Map<string, number>();

	constructor(
		private readonly maxEntries: number,
		private readonly ttlMs: number,
	) {}

	get size(): number {
		return this.seenAt.size;
	}

	/**
	 * True if `key` was recorded less than ttl ago (a duplicate); otherwise records it and returns false.
	 * Synchronous on purpose: two concurrent deliveries of one message cannot both see "new".
	 */
	checkAndRemember(key: string, now: number = Date.now()): boolean {
		this.prune(now);
		const at = this.seenAt.get(key);
		if (at !== undefined && now - at < this.ttlMs) return true;
		this.seenAt.delete(key);
		this.seenAt.set(key, now);
		while (this.seenAt.size > this.maxEntries) {
			const oldest = this.seenAt.keys().next().value;
			if (oldest === undefined) break;
			this.seenAt.delete(oldest);
		}
		return false;
	}

	private prune(now: number): void {
		for (const [key, at] of this.seenAt) {
			// A clock stepping backwards makes `now - at` negative: keep such entries, they expire later.
			if (now - at < this.ttlMs) break;
			this.seenAt.delete(key);
		}
	}
}
