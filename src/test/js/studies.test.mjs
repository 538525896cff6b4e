import { test } from 'node:test';
import assert from 'node:assert/strict';

import { armRows, bandPath, comparison, estimate, linePath, studyDomains, studySeries }
	from '../../main/resources/static/js/studies.js';

const report = {
	arms: [
		{ index: 0, name: 'kernel=instruction-coupled', baseline: true, jobs: 3, succeeded: 3,
			bestDevScore: { n: 3, mean: 0.8, low: 0.6, high: 1.0 }, testScore: { n: 1, mean: 0.7, low: null, high: null },
			paidCalls: 120, costUsd: 0.5,
			convergence: [{ trial: 1, n: 3, mean: 0.2, low: -0.1, high: 0.5 }, { trial: 2, n: 3, mean: 0.8, low: 0.6, high: 1.2 }] },
		{ index: 1, name: 'kernel=latent', baseline: false, jobs: 3, succeeded: 2,
			bestDevScore: { n: 0, mean: null }, testScore: { n: 0, mean: null }, paidCalls: 60, costUsd: 0.25,
			convergence: [{ trial: 1, n: 1, mean: 0.4, low: null, high: null }] },
	],
	comparisons: [
		{ arm: 'kernel=latent', metric: 'bestDevScore', pairs: 3, nonZero: 3, statistic: 0, pValue: 0.25,
			meanDifference: -0.65 },
		{ arm: 'kernel=latent', metric: 'testScore', pairs: 0, nonZero: 0, statistic: null, pValue: null },
	],
};

test('each arm becomes a mean line and a band clipped to the score range', () => {
	const [coupled, latent] = studySeries(report);
	assert.deepEqual(coupled.line, [{ x: 1, y: 0.2 }, { x: 2, y: 0.8 }]);
	assert.deepEqual(coupled.band, [{ x: 1, low: 0, high: 0.5 }, { x: 2, low: 0.6, high: 1 }]);
	assert.equal(coupled.baseline, true);
	// one job: no interval, the band collapses onto the mean
	assert.deepEqual(latent.band, [{ x: 1, low: 0.4, high: 0.4 }]);
});

test('the band path runs along the upper edge and back along the lower one', () => {
	const identity = (v) => v;
	const flip = (v) => 100 - v * 100;
	const band = [{ x: 1, low: 0.2, high: 0.6 }, { x: 2, low: 0.3, high: 0.9 }];
	assert.equal(bandPath(band, identity, flip), 'M1,40L2,10L2,70L1,80Z');
	assert.equal(linePath([{ x: 1, y: 0.5 }, { x: 3, y: 1 }], identity, flip), 'M1,50L3,0');
	assert.equal(bandPath([], identity, flip), '');
	assert.deepEqual(studyDomains(studySeries(report)), { x: [1, 2], y: [0, 1] });
});

test('the table shows intervals and the Wilcoxon comparison with the baseline', () => {
	const [coupled, latent] = armRows(report);
	assert.equal(coupled.bestDev, '0.800 (0.600–1.000, n=3)');
	assert.equal(coupled.test, '0.700 (n=1)');
	assert.equal(coupled.devVsBaseline, 'baseline');
	assert.equal(latent.jobs, '2/3');
	assert.equal(latent.bestDev, '—');
	assert.equal(latent.devVsBaseline, '-0.650, p = 0.250 (W = 0, n = 3)');
	assert.equal(latent.testVsBaseline, '—');
	assert.equal(estimate(null), '—');
	assert.equal(comparison({ pairs: 3, nonZero: 0, pValue: null, meanDifference: 0 }), 'no difference (3 pairs)');
});
