// Display formats shared by the views.

export function score(value) {
	return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(3);
}

/** A score with the number of examples it is a mean over: "0.950 on 20 examples". */
export function scoreOn(value, examples) {
	return value === null || value === undefined ? '—' : `${score(value)} on ${count(examples)} examples`;
}

/**
 * The final selection's wider evaluation of GET /jobs/{id}/best:
 * "0.967 on 30 examples (95% interval 0.833–0.994, Wilson)"; a dash when absent.
 */
export function widerScore(wider) {
	if (!wider) {
		return '—';
	}
	const { low, high, method } = wider.interval;
	return `${scoreOn(wider.score, wider.examples)} (95% interval ${score(low)}–${score(high)}, `
		+ `${method === 'wilson' ? 'Wilson' : 'bootstrap'})`;
}

export function usd(value) {
	if (value === null || value === undefined) {
		return '—';
	}
	const n = Number(value);
	return `$${n < 0.01 && n > 0 ? n.toFixed(4) : n.toFixed(2)}`;
}

export function count(value) {
	return value === null || value === undefined ? '—' : Number(value).toLocaleString('en-US');
}

/** "3 min ago"-style age of an ISO instant relative to `now` (ms). */
export function age(iso, now = Date.now()) {
	if (!iso) {
		return '—';
	}
	const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
	if (seconds < 60) {
		return `${seconds} s ago`;
	}
	if (seconds < 3600) {
		return `${Math.floor(seconds / 60)} min ago`;
	}
	if (seconds < 86400) {
		return `${Math.floor(seconds / 3600)} h ago`;
	}
	return `${Math.floor(seconds / 86400)} d ago`;
}

export function isFinished(status) {
	return status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED';
}
