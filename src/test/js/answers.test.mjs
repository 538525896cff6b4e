import { test } from 'node:test';
import assert from 'node:assert/strict';

import { answerRows, answersSummary } from '../../main/resources/static/js/answers.js';

const ANSWERS = [
	{ index: 0, input: 'hot', outputs: ['cold'], answer: 'cold', score: 1 },
	{ index: 1, input: 'big', outputs: ['small', 'little'], answer: '', score: 0 },
	{ index: 2, input: 'the cat sat', outputs: ['the cat'], answer: 'the cat sat', score: 0.8 },
];

const JUDGED = [{ index: 0, input: 'hot', outputs: ['cold'], answer: 'chilly', score: 0.5, verdict: 'SCORE: 0.5' }];

test('turns answers into table rows numbered from 1 with every acceptable output', () => {
	assert.deepEqual(answerRows(ANSWERS), [
		{ number: 1, input: 'hot', expected: 'cold', answer: 'cold', score: '1.000', verdict: 'right', judge: null },
		{ number: 2, input: 'big', expected: 'small | little', answer: '(empty)', score: '0.000', verdict: 'wrong',
			judge: null },
		{ number: 3, input: 'the cat sat', expected: 'the cat', answer: 'the cat sat', score: '0.800',
			verdict: 'partly', judge: null },
	]);
	assert.equal(answerRows(JUDGED)[0].judge, 'SCORE: 0.5');
	assert.deepEqual(answerRows(undefined), []);
});

test('summarises how many answers were right and the mean score', () => {
	// (1 + 0 + 0.8) / 3 = 0.6
	assert.equal(answersSummary(ANSWERS), '1 of 3 right, mean score 0.600');
	assert.equal(answersSummary([]), 'No answers stored.');
});
