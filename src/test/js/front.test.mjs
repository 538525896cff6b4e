import test from 'node:test';
import assert from 'node:assert/strict';

import { frontSeries, parseModels, transferTable } from '../../main/resources/static/js/front.js';

const RESPONSE = {
	front: [
		{ ordinal: 4, instruction: 'Antonym.', instructionTokens: 2, devScore: 0.4 },
		{ ordinal: 1, instruction: 'Write the antonym of the word.', instructionTokens: 8, devScore: 0.9 },
		{ ordinal: 2, instruction: 'Give the antonym.', instructionTokens: 5, devScore: 0.7 },
	],
	dominated: [{ ordinal: 3, instruction: 'Say the opposite word, please.', instructionTokens: 8, devScore: 0.5 }],
};

test('front series: front points by length, a rising step line, dominated points kept apart', () => {
	const series = frontSeries(RESPONSE);
	assert.deepEqual(series.front.map((p) => p.x), [2, 5, 8]);
	assert.equal(series.points.length, 4);
	assert.equal(series.points.filter((p) => p.onFront).length, 3);
	assert.deepEqual(series.steps, [
		{ x: 2, y: 0.4 }, { x: 5, y: 0.4 }, { x: 5, y: 0.7 }, { x: 8, y: 0.7 }, { x: 8, y: 0.9 },
	]);
	assert.deepEqual(series.domains, { x: [0, 8], y: [0, 1] });
});

test('front series of an empty or missing response', () => {
	assert.deepEqual(frontSeries(null).points, []);
	assert.deepEqual(frontSeries({ front: [], dominated: [] }).steps, []);
});

test('transfer table: one score per requested model, null where not scored', () => {
	const table = transferTable({
		models: ['gpt-a', 'gpt-b'],
		instructions: [
			{ ordinal: 2, instruction: 'Give the antonym.', devScore: 1, instructionTokens: 5,
				scores: { 'gpt-b': { score: 0.5 }, 'gpt-a': { score: 0.75 } } },
			{ ordinal: 7, instruction: 'Antonym.', devScore: 0.5, instructionTokens: 2, scores: { 'gpt-a': { score: 0 } } },
		],
	});
	assert.deepEqual(table.models, ['gpt-a', 'gpt-b']);
	assert.deepEqual(table.rows.map((r) => r.scores), [[0.75, 0.5], [0, null]]);
});

test('models typed with commas, spaces or new lines, each once', () => {
	assert.deepEqual(parseModels(' gpt-a, gpt-b\ngpt-a  gpt-c,'), ['gpt-a', 'gpt-b', 'gpt-c']);
	assert.deepEqual(parseModels(''), []);
});
