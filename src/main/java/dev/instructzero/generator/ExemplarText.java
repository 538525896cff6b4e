package dev.instructzero.generator;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders exemplars into a template: {@code [INPUT]}/{@code [OUTPUT]} per exemplar,
 * joined by a separator, substituted for a demos placeholder.
 */
final class ExemplarText {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\[(INPUT|OUTPUT)]");

	private ExemplarText() {
	}

	/**
	 * The prompt of the soft-prompt generator in a style, per
	 * {@link GeneratorProperties.Prompt}.
	 */
	static String softPromptText(GeneratorProperties.Prompt prompt, PromptStyle style, List<Exemplar> exemplars) {
		return prompt.template(style)
			.replace("[DEMOS]", demos(prompt.demoTemplate(), prompt.demoSeparator(), exemplars));
	}

	/**
	 * APE's forward prompt: the demos in APE's format substituted for
	 * {@code [full_DEMO]}.
	 */
	static String apeText(String template, List<Exemplar> exemplars) {
		return template.replace("[full_DEMO]", demos(GeneratorProperties.Prompt.DEFAULT_DEMO_TEMPLATE,
				GeneratorProperties.Prompt.DEFAULT_DEMO_SEPARATOR, exemplars));
	}

	static String demos(String demoTemplate, String separator, List<Exemplar> exemplars) {
		if (exemplars.isEmpty()) {
			throw new IllegalArgumentException("at least one exemplar is needed");
		}
		// one pass over the template, so an input that contains "[OUTPUT]" stays literal
		return exemplars.stream()
			.map((e) -> PLACEHOLDER.matcher(demoTemplate)
				.replaceAll((m) -> Matcher.quoteReplacement(m.group(1).equals("INPUT") ? e.input() : e.output())))
			.collect(Collectors.joining(separator));
	}

}
