package dev.instructzero.task;

import java.util.List;

/**
 * One example in {@code GET /tasks/{id}/examples}, with its position in its split.
 *
 * @param index position among the examples of its split, from 0
 * @param input the input
 * @param outputs the acceptable outputs
 */
record TaskExampleItem(int index, String input, List<String> outputs) {
}
