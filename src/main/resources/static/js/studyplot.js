// Draws a study's mean convergence curves, each with its 95% band, as inline SVG.

import { niceTicks, linearScale } from './convergence.js';
import { bandPath, linePath, studyDomains, studySeries } from './studies.js';
import { el, MARGIN } from './plot.js';

/** Replaces the contents of `svg` with the report's curves; returns the series drawn. */
export function drawStudy(svg, report) {
	const WIDTH = Math.max(280, Math.round(svg.getBoundingClientRect().width) || 760);
	const HEIGHT = Math.round(Math.min(340, Math.max(220, WIDTH * 0.45)));
	const series = studySeries(report);
	const domains = studyDomains(series);
	const sx = linearScale(domains.x[0], domains.x[1], MARGIN.left, WIDTH - MARGIN.right);
	const sy = linearScale(domains.y[0], domains.y[1], HEIGHT - MARGIN.bottom, MARGIN.top);
	svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
	svg.replaceChildren();
	const grid = el('g', { class: 'grid' });
	for (const t of niceTicks(0, 1, 5)) {
		grid.append(el('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: sy(t), y2: sy(t) }));
		grid.append(el('text', { x: MARGIN.left - 6, y: sy(t) + 4, 'text-anchor': 'end' }, t.toString()));
	}
	// trial indices are whole numbers
	for (const t of niceTicks(domains.x[0], domains.x[1], WIDTH < 500 ? 4 : 8).filter(Number.isInteger)) {
		grid.append(el('text', { x: sx(t), y: HEIGHT - MARGIN.bottom + 16, 'text-anchor': 'middle' }, t.toString()));
	}
	grid.append(el('text', { x: (MARGIN.left + WIDTH - MARGIN.right) / 2, y: HEIGHT - 6, 'text-anchor': 'middle',
		class: 'axis-label' }, 'trial'));
	grid.append(el('text', { x: 12, y: (MARGIN.top + HEIGHT - MARGIN.bottom) / 2, 'text-anchor': 'middle',
		class: 'axis-label', transform: `rotate(-90 12 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2})` },
	'mean best dev score'));
	svg.append(grid);
	for (const s of series) {
		const group = el('g', { class: `arm arm-${s.index % 8}`, 'data-arm': s.name });
		group.append(el('path', { class: 'arm-band', d: bandPath(s.band, sx, sy) }));
		group.append(el('path', { class: `arm-line${s.baseline ? ' baseline-arm' : ''}`, d: linePath(s.line, sx, sy) }));
		group.append(el('title', {}, `${s.name}: mean best dev score with its 95% interval`));
		svg.append(group);
	}
	return series;
}
