import { test } from 'node:test';
import assert from 'node:assert/strict';

import { bestPath, convergenceSeries, linearScale, mergeTrials, niceTicks, plotDomains }
	from '../../main/resources/static/js/convergence.js';

const trial = (ordinal, devScore, origin = 'initial', iteration = 0, duplicate = false) =>
	({ ordinal, devScore, origin, iteration, duplicate, instruction: `i${ordinal}` });

test('points come out in ordinal order whatever order the trials arrived in', () => {
	const series = convergenceSeries([trial(2, 0.5), trial(0, 0.1), trial(1, 0.3)]);
	assert.deepEqual(series.points.map((p) => p.x), [0, 1, 2]);
	assert.deepEqual(series.points.map((p) => p.y), [0.1, 0.3, 0.5]);
});

test('best so far steps up only where a trial improves on every earlier one', () => {
	const series = convergenceSeries([trial(0, 0.2), trial(1, 0.1), trial(2, 0.6), trial(3, 0.6), trial(4, 0.4),
		trial(5, 0.9)]);
	assert.deepEqual(series.best, [{ x: 0, y: 0.2 }, { x: 2, y: 0.6 }, { x: 5, y: 0.9 }]);
	// ties keep the earliest trial, as GET /jobs/{id}/best does before the final selection
	assert.equal(convergenceSeries([trial(0, 0.5), trial(1, 0.5)]).bestPoint.x, 0);
	assert.equal(series.bestPoint.x, 5);
});

test('iteration boundaries sit half a trial before the first trial of each new iteration', () => {
	const series = convergenceSeries([trial(0, 0.1), trial(1, 0.1), trial(2, 0.2, 'proposal', 1),
		trial(3, 0.2, 'proposal', 1), trial(4, 0.3, 'proposal', 2)]);
	assert.deepEqual(series.boundaries, [{ x: 1.5, iteration: 1 }, { x: 3.5, iteration: 2 }]);
	assert.deepEqual(series.points.map((p) => p.origin), ['initial', 'initial', 'proposal', 'proposal', 'proposal']);
});

test('a trial received twice (stream and page fetch) is plotted once, the later copy winning', () => {
	const merged = mergeTrials([trial(0, 0.1), trial(1, 0.2)], [{ ...trial(1, 0.2), testScore: 0.7 }, trial(2, 0.3)]);
	assert.deepEqual(merged.map((t) => t.ordinal), [0, 1, 2]);
	assert.equal(merged[1].testScore, 0.7);
	assert.equal(convergenceSeries([trial(1, 0.2), trial(1, 0.2), trial(0, 0.1)]).points.length, 2);
});

test('duplicates keep their flag and no trials give empty series', () => {
	assert.equal(convergenceSeries([trial(0, 0.1, 'proposal', 1, true)]).points[0].duplicate, true);
	const empty = convergenceSeries([]);
	assert.deepEqual(empty, { points: [], best: [], boundaries: [], bestPoint: null });
	assert.equal(bestPath(empty.best, 0, (v) => v, (v) => v), '');
});

test('x spans the planned trials, y spans [0, 1] unless a score lies outside', () => {
	const series = convergenceSeries([trial(0, 0.4), trial(1, 0.8)]);
	assert.deepEqual(plotDomains(series, 150), { x: [0, 149], y: [0, 1] });
	// a job that ran past its plan (or has no plan) still shows every trial
	assert.deepEqual(plotDomains(convergenceSeries([trial(200, 1.5)]), 150).x, [0, 200]);
	assert.deepEqual(plotDomains(convergenceSeries([trial(200, 1.5)]), 150).y, [0, 1.5]);
});

test('the best-so-far path runs flat to each improvement, then up, then on to the last trial', () => {
	const identity = (v) => v;
	const flip = (v) => 100 - v;
	assert.equal(bestPath([{ x: 0, y: 20 }, { x: 3, y: 60 }], 7, identity, flip), 'M0,80H3V40H7');
	assert.equal(bestPath([{ x: 0, y: 20 }], 0, identity, flip), 'M0,80');
});

test('linear scale maps the domain ends onto the range ends, inverted ranges included', () => {
	const s = linearScale(0, 1, 260, 16);
	assert.equal(s(0), 260);
	assert.equal(s(1), 16);
	assert.equal(s(0.5), 138);
	assert.equal(linearScale(3, 3, 0, 10)(3), 5);
});

test('ticks are round numbers inside the domain', () => {
	assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
	assert.deepEqual(niceTicks(0, 149, 8), [0, 20, 40, 60, 80, 100, 120, 140]);
	assert.deepEqual(niceTicks(2, 2), [2]);
	assert.deepEqual(niceTicks(0, Number.NaN), []);
});

test('a stopped-early trial is plotted with its stage but never becomes the best so far', () => {
	const stopped = { ...trial(1, 0.8, 'proposal', 1), stoppedEarly: true, stage: 5 };
	const series = convergenceSeries([trial(0, 0.5), stopped, trial(2, 0.6, 'proposal', 1)]);
	assert.deepEqual(series.points.map((p) => p.stoppedEarly), [false, true, false]);
	assert.equal(series.points[1].stage, 5);
	assert.deepEqual(series.best, [{ x: 0, y: 0.5 }, { x: 2, y: 0.6 }]);
	assert.equal(series.bestPoint.x, 2);
});
