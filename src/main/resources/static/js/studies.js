// Pure data transformation behind a study's page: the report's mean convergence curves and
// their 95% bands as plot series, and the rows of the arms table. No DOM here, so
// node --test can check it.

/**
 * One series per arm of GET /studies/{id}/report:
 * {name, index, baseline, line: [{x, y}], band: [{x, low, high}]}, x the trial index.
 * Where the report has no interval (one job) the band collapses onto the mean; the band is
 * clipped to [0, 1], the range a score can take (the t-interval of few seeds can leave it).
 */
export function studySeries(report) {
	return (report.arms || []).map((arm) => {
		const line = [];
		const band = [];
		for (const p of arm.convergence || []) {
			line.push({ x: p.trial, y: p.mean });
			const low = Number.isFinite(p.low) ? p.low : p.mean;
			const high = Number.isFinite(p.high) ? p.high : p.mean;
			band.push({ x: p.trial, low: clip(low), high: clip(high) });
		}
		return { name: arm.name, index: arm.index, baseline: Boolean(arm.baseline), line, band };
	});
}

function clip(v) {
	return Math.min(1, Math.max(0, v));
}

/** Plot domains: x from 1 to the longest curve, y from 0 to 1. */
export function studyDomains(series) {
	const xMax = Math.max(2, ...series.map((s) => (s.line.length ? s.line[s.line.length - 1].x : 1)));
	return { x: [1, xMax], y: [0, 1] };
}

const r = (v) => Math.round(v * 10) / 10;

/** SVG path of a mean curve. */
export function linePath(line, sx, sy) {
	return line.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(sx(p.x))},${r(sy(p.y))}`).join('');
}

/** SVG path of a band: along the upper edge, back along the lower one, closed. */
export function bandPath(band, sx, sy) {
	if (band.length === 0) {
		return '';
	}
	const upper = band.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(sx(p.x))},${r(sy(p.high))}`).join('');
	const lower = [...band].reverse().map((p) => `L${r(sx(p.x))},${r(sy(p.low))}`).join('');
	return `${upper}${lower}Z`;
}

/** "0.817 (0.028–1.605, n=3)"; a dash without a mean, no interval for one job. */
export function estimate(e) {
	if (!e || e.mean === null || e.mean === undefined) {
		return '—';
	}
	const mean = e.mean.toFixed(3);
	if (e.low === null || e.low === undefined) {
		return `${mean} (n=${e.n})`;
	}
	return `${mean} (${e.low.toFixed(3)}–${e.high.toFixed(3)}, n=${e.n})`;
}

/** "p = 0.250 (W = 0, n = 3)" for a comparison; a dash when it could not be computed. */
export function comparison(c) {
	if (!c || c.pairs === 0) {
		return '—';
	}
	if (c.pValue === null || c.pValue === undefined) {
		return `no difference (${c.pairs} pairs)`;
	}
	const sign = c.meanDifference > 0 ? '+' : '';
	return `${sign}${c.meanDifference.toFixed(3)}, p = ${c.pValue.toFixed(3)} (W = ${c.statistic}, n = ${c.nonZero})`;
}

/**
 * Table rows, one per arm: the arm's figures and its comparisons with the baseline on
 * best dev and test score.
 */
export function armRows(report) {
	return (report.arms || []).map((arm) => {
		const find = (metric) => (report.comparisons || []).find((c) => c.arm === arm.name && c.metric === metric);
		return {
			name: arm.name,
			baseline: Boolean(arm.baseline),
			jobs: `${arm.succeeded}/${arm.jobs}`,
			bestDev: estimate(arm.bestDevScore),
			test: estimate(arm.testScore),
			paidCalls: arm.paidCalls,
			costUsd: arm.costUsd,
			devVsBaseline: arm.baseline ? 'baseline' : comparison(find('bestDevScore')),
			testVsBaseline: arm.baseline ? 'baseline' : comparison(find('testScore')),
		};
	});
}
