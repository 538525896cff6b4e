import { test } from 'node:test';
import assert from 'node:assert/strict';

import { EventStreamParser, readEventStream } from '../../main/resources/static/js/sse.js';

function collect(chunks) {
	const events = [];
	const parser = new EventStreamParser((e) => events.push(e));
	chunks.forEach((c) => parser.feed(c));
	return events;
}

test('parses named events as Spring SseEmitter writes them', () => {
	const events = collect(['event:job\ndata:{"id":1}\n\nevent:trial\ndata:{"ordinal":0}\n\n']);
	assert.deepEqual(events.map((e) => [e.event, e.data]), [['job', '{"id":1}'], ['trial', '{"ordinal":0}']]);
});

test('events split across chunks anywhere, CRLF included, come out whole', () => {
	const text = 'event: job\r\ndata: {"a":\r\ndata: 1}\r\n\r\n: comment\n\ndata:x\n\n';
	for (let cut = 1; cut < text.length; cut++) {
		const events = collect([text.slice(0, cut), text.slice(cut)]);
		assert.deepEqual(events, [{ event: 'job', data: '{"a":\n1}', id: undefined },
			{ event: 'message', data: 'x', id: undefined }], `cut at ${cut}`);
	}
});

test('reads a stream body to its end and drops an unterminated last event', async () => {
	const body = new ReadableStream({
		start(controller) {
			const encoder = new TextEncoder();
			controller.enqueue(encoder.encode('event:job\ndata:1\n'));
			controller.enqueue(encoder.encode('\nevent:job\ndata:2'));
			controller.close();
		},
	});
	const events = [];
	await readEventStream(body, (e) => events.push(e.data));
	assert.deepEqual(events, ['1']);
});
