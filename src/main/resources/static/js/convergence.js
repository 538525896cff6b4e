// Pure data transformation behind the convergence plot: trials -> points, best-so-far
// step line, iteration boundaries, scales and ticks. No DOM here, so node --test can check it.

/**
 * Trials keyed by ordinal, sorted. Later copies of an ordinal replace earlier ones (a trial
 * can arrive twice: once from the SSE stream and once from the initial page fetch; the
 * later copy may carry the test score).
 */
export function mergeTrials(existing, incoming) {
	const byOrdinal = new Map();
	for (const trial of existing) {
		byOrdinal.set(trial.ordinal, trial);
	}
	for (const trial of incoming) {
		if (trial && Number.isInteger(trial.ordinal)) {
			byOrdinal.set(trial.ordinal, trial);
		}
	}
	return [...byOrdinal.values()].sort((a, b) => a.ordinal - b.ordinal);
}

/**
 * The plot's series from trials in any order.
 *
 * points: one per trial {x: ordinal, y: devScore, origin, iteration, duplicate,
 *         stoppedEarly, stage}; a stopped-early (racing) trial's y is its partial mean
 * best: the best dev score so far among fully scored trials (a stopped-early one is
 *       never the best), one vertex per trial that improved it, as
 *       [{x, y}] (x is the ordinal where the new best appeared); ties keep the earliest,
 *       like the service's /best before its final selection
 * boundaries: [{x, iteration}] at x - 0.5 before the first trial of each iteration after
 *       the first one present
 * bestPoint: the trial holding the best score (earliest on ties), or null
 */
export function convergenceSeries(trials) {
	const sorted = mergeTrials([], trials);
	const points = sorted
		.filter((t) => Number.isFinite(t.devScore))
		.map((t) => ({
			x: t.ordinal,
			y: t.devScore,
			origin: t.origin,
			iteration: t.iteration,
			duplicate: Boolean(t.duplicate),
			stoppedEarly: Boolean(t.stoppedEarly),
			stage: t.stage,
		}));
	const best = [];
	let bestPoint = null;
	for (const point of points) {
		if (!point.stoppedEarly && (bestPoint === null || point.y > bestPoint.y)) {
			bestPoint = point;
			best.push({ x: point.x, y: point.y });
		}
	}
	const boundaries = [];
	for (let i = 1; i < points.length; i++) {
		if (points[i].iteration !== points[i - 1].iteration) {
			boundaries.push({ x: points[i].x - 0.5, iteration: points[i].iteration });
		}
	}
	return { points, best, boundaries, bestPoint };
}

/**
 * Linear map from [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the
 * range.
 */
export function linearScale(d0, d1, r0, r1) {
	if (d1 === d0) {
		return () => (r0 + r1) / 2;
	}
	const k = (r1 - r0) / (d1 - d0);
	return (v) => r0 + (v - d0) * k;
}

/**
 * Round tick values covering [min, max], about `count` of them, steps of 1, 2 or 5 times a
 * power of ten.
 */
export function niceTicks(min, max, count = 5) {
	if (!Number.isFinite(min) || !Number.isFinite(max) || count < 1) {
		return [];
	}
	if (max === min) {
		return [min];
	}
	const raw = (max - min) / count;
	const power = 10 ** Math.floor(Math.log10(raw));
	const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
	const ticks = [];
	const first = Math.ceil(min / step - 1e-9) * step;
	for (let v = first; v <= max + step * 1e-9; v += step) {
		ticks.push(Number(v.toPrecision(12)));
	}
	return ticks;
}

/**
 * Domains of the plot: x from 0 to the planned trial count (or the last ordinal when the
 * job ran over its plan), y from 0 to 1 (scores are shares of examples), widened if a score
 * falls outside.
 */
export function plotDomains(series, trialsPlanned) {
	const lastX = series.points.length ? series.points[series.points.length - 1].x : 0;
	const xMax = Math.max(lastX, (trialsPlanned || 1) - 1, 1);
	let yMin = 0;
	let yMax = 1;
	for (const p of series.points) {
		yMin = Math.min(yMin, p.y);
		yMax = Math.max(yMax, p.y);
	}
	return { x: [0, xMax], y: [yMin, yMax] };
}

/**
 * SVG path of the best-so-far step line: flat until the next improvement, then up; carried
 * on to `xEnd` (the last trial so far) so the line spans all points.
 */
export function bestPath(best, xEnd, sx, sy) {
	if (best.length === 0) {
		return '';
	}
	const r = (v) => Math.round(v * 10) / 10;
	let d = `M${r(sx(best[0].x))},${r(sy(best[0].y))}`;
	for (let i = 1; i < best.length; i++) {
		d += `H${r(sx(best[i].x))}V${r(sy(best[i].y))}`;
	}
	const end = Math.max(xEnd, best[best.length - 1].x);
	if (end > best[best.length - 1].x) {
		d += `H${r(sx(end))}`;
	}
	return d;
}
