import { test } from 'node:test';
import assert from 'node:assert/strict';

import { parseExamples } from '../../main/resources/static/js/examples.js';

test('reads a JSON array with single and several acceptable outputs', () => {
	const { examples, errors } = parseExamples(
			'[{"input": "hot", "output": "cold"}, {"input": "big", "outputs": ["small", "little"]}]');
	assert.deepEqual(errors, []);
	assert.deepEqual(examples, [{ input: 'hot', output: 'cold' }, { input: 'big', outputs: ['small', 'little'] }]);
});

test('reads an object with an examples array, as a task JSON has', () => {
	assert.equal(parseExamples('{"name": "t", "examples": [{"input": "a", "output": "b"}]}').examples.length, 1);
});

test('reads tab-separated lines, extra columns being further outputs, blank lines skipped', () => {
	const { examples, errors } = parseExamples('hot\tcold\r\n\nbig\tsmall\tlittle\n');
	assert.deepEqual(errors, []);
	assert.deepEqual(examples, [{ input: 'hot', output: 'cold' }, { input: 'big', outputs: ['small', 'little'] }]);
});

test('names the lines and items it cannot read and keeps the rest', () => {
	const tsv = parseExamples('hot\tcold\nno tab here\nup\t  ');
	assert.deepEqual(tsv.examples, [{ input: 'hot', output: 'cold' }]);
	assert.deepEqual(tsv.errors, ['line 2: no tab between input and output', 'line 3: empty output']);
	const json = parseExamples('[{"input": "a"}, {"output": "b"}, {"input": "c", "output": "d"}]');
	assert.equal(json.examples.length, 1);
	assert.equal(json.errors.length, 2);
	assert.match(json.errors[0], /^item 1/);
	assert.match(parseExamples('[{"input": ').errors[0], /not valid JSON/);
	assert.deepEqual(parseExamples('  ').examples, []);
});
