// Pure data behind the job page's cost–accuracy front and transfer table (no DOM, so
// node --test can check it).

/**
 * The front plot's series from GET /jobs/{id}/front: every distinct instruction as a point
 * {x: tokens, y: dev score, ordinal, onFront}, the front's step line (flat to the next
 * longer front point, then up: what the best score costs in tokens), and the domains.
 */
export function frontSeries(response) {
	const point = (p, onFront) => ({ x: p.instructionTokens, y: p.devScore, ordinal: p.ordinal,
		instruction: p.instruction, onFront });
	const front = (response?.front ?? []).map((p) => point(p, true)).sort((a, b) => a.x - b.x);
	const dominated = (response?.dominated ?? []).map((p) => point(p, false));
	const points = [...dominated, ...front];
	let xMax = 1;
	let yMin = 0;
	let yMax = 1;
	for (const p of points) {
		xMax = Math.max(xMax, p.x);
		yMin = Math.min(yMin, p.y);
		yMax = Math.max(yMax, p.y);
	}
	const steps = [];
	for (let i = 0; i < front.length; i++) {
		if (i > 0) {
			steps.push({ x: front[i].x, y: front[i - 1].y });
		}
		steps.push({ x: front[i].x, y: front[i].y });
	}
	return { points, front, steps, domains: { x: [0, xMax], y: [yMin, yMax] } };
}

/**
 * The transfer table from GET or POST /jobs/{id}/transfer: a header of models and one row
 * per instruction with each model's score (null where the model was not scored).
 */
export function transferTable(response) {
	const models = response?.models ?? [];
	const rows = (response?.instructions ?? []).map((row) => ({
		ordinal: row.ordinal,
		instruction: row.instruction,
		devScore: row.devScore,
		instructionTokens: row.instructionTokens,
		scores: models.map((m) => (row.scores && row.scores[m] ? row.scores[m].score : null)),
	}));
	return { models, rows };
}

/** The model names typed in the transfer form: split on commas and whitespace, distinct. */
export function parseModels(text) {
	return [...new Set(String(text ?? '').split(/[\s,]+/).map((m) => m.trim()).filter((m) => m.length > 0))];
}
