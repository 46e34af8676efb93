/**
 * Process-wide caches with one in-flight load per key: when 20 executions need the same token or ticket at
 * once, WeChat is asked once and all 20 wait for that answer.
 */

const inflight = new Map<string, Promise<unknown>>();

/** Runs `load` unless a load for `key` is already under way, in which case its result is shared. */
export async function singleFlight<T>(key: string, load: () => Promise<T>): Promise<T> {
	const running = inflight.get(key);
	if (running) return (await running) as T;
	const promise = load();
	inflight.set(key, promise);
	try {
		return await promise;
	} finally {
		inflight.delete(key);
	}
}

export interface Expiring<T> {
	value: T;
	/** Epoch milliseconds. */
	expiresAt: number;
}

/** A value that is reloaded (once, whoever asks) when it is within `marginMs` of expiring. */
export class ExpiringCache<T> {
	private readonly entries = new Map<string, Expiring<T>>();

	constructor(
		private readonly name: string,
		private readonly marginMs: number,
	) {}

	async get(key: string, load: () => Promise<Expiring<T>>): Promise<T> {
		const cached = this.fresh(key);
		if (cached !== undefined) return cached;
		const loaded = await singleFlight(`${this.name}:${key}`, async () => {
			// A caller that waited for the lock may find the value another caller just stored.
			const again = this.entries.get(key);
			if (again && again.expiresAt - Date.now() > this.marginMs) return again;
			const entry = await load();
			this.entries.set(key, entry);
			return entry;
		});
		return loaded.value;
	}

	fresh(key: string): T | undefined {
		const entry = this.entries.get(key);
		if (entry && entry.expiresAt - Date.now() > this.marginMs) return entry.value;
		return undefined;
	}

	delete(key: string): void {
		this.entries.delete(key);
	}
}
