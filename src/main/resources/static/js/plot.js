// Draws the convergence plot as inline SVG from convergence.js's series.

import { bestPath, convergenceSeries, linearScale, niceTicks, plotDomains } from './convergence.js';
import { frontSeries } from './front.js';

export const SVG = 'http://www.w3.org/2000/svg';
export const MARGIN = { top: 16, right: 16, bottom: 40, left: 48 };

/** An SVG element with its attributes and optional text. */
export function el(name, attributes = {}, text) {
	const node = document.createElementNS(SVG, name);
	for (const [k, v] of Object.entries(attributes)) {
		node.setAttribute(k, v);
	}
	if (text !== undefined) {
		node.textContent = text;
	}
	return node;
}

// Initial design: circles; BO proposals: diamonds; baselines (random, APE): squares.
// Instructions that racing stopped early are drawn faint and dashed.
function mark(point, x, y) {
	const classes = `trial-point origin-${point.origin}${point.duplicate ? ' duplicate' : ''}`
		+ `${point.stoppedEarly ? ' stopped' : ''}`;
	let shape;
	if (point.origin === 'initial') {
		shape = el('circle', { cx: x, cy: y, r: 4 });
	}
	else if (point.origin === 'proposal') {
		shape = el('path', { d: `M${x},${y - 5}L${x + 5},${y}L${x},${y + 5}L${x - 5},${y}Z` });
	}
	else {
		shape = el('rect', { x: x - 3.5, y: y - 3.5, width: 7, height: 7 });
	}
	shape.setAttribute('class', classes);
	shape.setAttribute('data-ordinal', point.x);
	shape.append(el('title', {}, `trial ${point.x} (${point.origin}, iteration ${point.iteration}`
			+ `${point.duplicate ? ', duplicate' : ''}`
			+ `${point.stoppedEarly ? `, stopped after ${point.stage} examples` : ''}): dev ${point.y.toFixed(3)}`));
	return shape;
}

/**
 * Replaces the contents of `svg` with the plot of `trials`, drawn in the element's own
 * pixel size so labels stay readable on a phone.
 */
export function drawConvergence(svg, trials, trialsPlanned) {
	const WIDTH = Math.max(280, Math.round(svg.getBoundingClientRect().width) || 760);
	const HEIGHT = Math.round(Math.min(320, Math.max(220, WIDTH * 0.45)));
	const series = convergenceSeries(trials);
	const domains = plotDomains(series, trialsPlanned);
	const sx = linearScale(domains.x[0], domains.x[1], MARGIN.left, WIDTH - MARGIN.right);
	const sy = linearScale(domains.y[0], domains.y[1], HEIGHT - MARGIN.bottom, MARGIN.top);
	svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
	svg.replaceChildren();

	const grid = el('g', { class: 'grid' });
	for (const t of niceTicks(domains.y[0], domains.y[1], 5)) {
		grid.append(el('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: sy(t), y2: sy(t) }));
		grid.append(el('text', { x: MARGIN.left - 6, y: sy(t) + 4, 'text-anchor': 'end' }, t.toString()));
	}
	for (const t of niceTicks(domains.x[0], domains.x[1], WIDTH < 500 ? 4 : 8)) {
		grid.append(el('text', { x: sx(t), y: HEIGHT - MARGIN.bottom + 16, 'text-anchor': 'middle' }, t.toString()));
	}
	grid.append(el('text', { x: (MARGIN.left + WIDTH - MARGIN.right) / 2, y: HEIGHT - 6, 'text-anchor': 'middle',
		class: 'axis-label' }, 'trial (ordinal)'));
	grid.append(el('text', { x: 12, y: (MARGIN.top + HEIGHT - MARGIN.bottom) / 2, 'text-anchor': 'middle',
		class: 'axis-label', transform: `rotate(-90 12 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2})` }, 'dev score'));
	svg.append(grid);

	const boundaries = el('g', { class: 'boundaries' });
	for (const b of series.boundaries) {
		boundaries.append(el('line', { class: 'iteration-boundary', x1: sx(b.x), x2: sx(b.x), y1: MARGIN.top,
			y2: HEIGHT - MARGIN.bottom }));
		boundaries.append(el('text', { x: sx(b.x) + 3, y: MARGIN.top + 10 }, `it ${b.iteration}`));
	}
	svg.append(boundaries);

	const last = series.points.length ? series.points[series.points.length - 1].x : 0;
	svg.append(el('path', { class: 'best-line', d: bestPath(series.best, last, sx, sy) }));

	const marks = el('g', { class: 'marks' });
	for (const p of series.points) {
		marks.append(mark(p, sx(p.x), sy(p.y)));
	}
	svg.append(marks);
	return series;
}

/**
 * Replaces the contents of `svg` with the cost–accuracy front of GET /jobs/{id}/front:
 * instruction length (tokens) against dev score, front points filled and joined by a step
 * line, dominated ones hollow.
 */
export function drawFront(svg, response) {
	const WIDTH = Math.max(280, Math.round(svg.getBoundingClientRect().width) || 760);
	const HEIGHT = Math.round(Math.min(300, Math.max(200, WIDTH * 0.4)));
	const series = frontSeries(response);
	const sx = linearScale(series.domains.x[0], series.domains.x[1], MARGIN.left, WIDTH - MARGIN.right);
	const sy = linearScale(series.domains.y[0], series.domains.y[1], HEIGHT - MARGIN.bottom, MARGIN.top);
	svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
	svg.replaceChildren();

	const grid = el('g', { class: 'grid' });
	for (const t of niceTicks(series.domains.y[0], series.domains.y[1], 5)) {
		grid.append(el('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: sy(t), y2: sy(t) }));
		grid.append(el('text', { x: MARGIN.left - 6, y: sy(t) + 4, 'text-anchor': 'end' }, t.toString()));
	}
	for (const t of niceTicks(series.domains.x[0], series.domains.x[1], WIDTH < 500 ? 4 : 8)) {
		grid.append(el('text', { x: sx(t), y: HEIGHT - MARGIN.bottom + 16, 'text-anchor': 'middle' }, t.toString()));
	}
	grid.append(el('text', { x: (MARGIN.left + WIDTH - MARGIN.right) / 2, y: HEIGHT - 6, 'text-anchor': 'middle',
		class: 'axis-label' }, 'instruction length (tokens, estimated)'));
	grid.append(el('text', { x: 12, y: (MARGIN.top + HEIGHT - MARGIN.bottom) / 2, 'text-anchor': 'middle',
		class: 'axis-label', transform: `rotate(-90 12 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2})` }, 'dev score'));
	svg.append(grid);

	if (series.steps.length > 0) {
		const r = (v) => Math.round(v * 10) / 10;
		const d = series.steps.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(sx(p.x))},${r(sy(p.y))}`).join('');
		svg.append(el('path', { class: 'front-line', d }));
	}
	const marks = el('g', { class: 'marks' });
	for (const p of series.points) {
		const mark = el('circle', { cx: sx(p.x), cy: sy(p.y), r: p.onFront ? 5 : 3.5,
			class: p.onFront ? 'front-point' : 'dominated-point', 'data-ordinal': p.ordinal });
		mark.append(el('title', {}, `trial ${p.ordinal}: ${p.x} tokens, dev ${p.y.toFixed(3)}${p.onFront ? ' (front)' : ''}`
				+ ` — ${p.instruction}`));
		marks.append(mark);
	}
	svg.append(marks);
	return series;
}
