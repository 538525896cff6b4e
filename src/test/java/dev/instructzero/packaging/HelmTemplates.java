package dev.instructzero.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A small renderer for the subset of Go templates this chart uses (helm is not
 * installable here): {@code if}/{@code with}/{@code define}/{@code end}, pipelines over
 * {@code .Values}, {@code .Chart}, {@code .Release} and string literals, and the
 * functions
 * {@code include toYaml nindent quote default join printf print trunc trimSuffix replace
 * sha256sum}. Anything else fails loudly, so a template using more cannot pass unchecked.
 */
final class HelmTemplates {

	private static final Pattern ACTION = Pattern.compile("\\{\\{(-?)\\s*(.*?)\\s*(-?)}}", Pattern.DOTALL);

	private final Path chart;

	private final Map<String, Object> values;

	private final Map<String, Object> chartYaml;

	private final Map<String, List<Node>> defines = new HashMap<>();

	HelmTemplates(Path chart) throws IOException {
		this.chart = chart;
		this.values = new Yaml().load(Files.readString(chart.resolve("values.yaml")));
		this.chartYaml = new Yaml().load(Files.readString(chart.resolve("Chart.yaml")));
		try (Stream<Path> files = Files.list(chart.resolve("templates"))) {
			for (Path helper : files.filter((f) -> f.toString().endsWith(".tpl")).toList()) {
				render(parse(Files.readString(helper)), this.values);
			}
		}
	}

	/** The rendered template as text. */
	String renderText(String template) throws IOException {
		return render(parse(Files.readString(this.chart.resolve("templates").resolve(template))), this.values);
	}

	/** The rendered template as YAML (null when it renders empty). */
	Map<String, Object> render(String template) throws IOException {
		return new Yaml().load(renderText(template));
	}

	/**
	 * Sets a value as {@code --set a.b=value} would.
	 */
	@SuppressWarnings("unchecked")
	HelmTemplates set(String dottedPath, Object value) {
		String[] keys = dottedPath.split("\\.");
		Map<String, Object> node = this.values;
		for (int i = 0; i < keys.length - 1; i++) {
			node = (Map<String, Object>) node.get(keys[i]);
		}
		node.put(keys[keys.length - 1], value);
		return this;
	}

	/** The chart's {@code fail} action was reached: helm refuses to render. */
	static final class ChartRefused extends RuntimeException {

		ChartRefused(String message) {
			super(message);
		}

	}

	private sealed interface Node permits Text, Action, Block, Fail {

	}

	private record Fail(String message) implements Node {

	}

	private record Text(String text) implements Node {
	}

	private record Action(String body) implements Node {
	}

	private record Block(String kind, String argument, List<Node> children) implements Node {
	}

	private static List<Node> parse(String source) {
		List<Object> flat = new ArrayList<>();
		Matcher m = ACTION.matcher(source);
		int at = 0;
		while (m.find()) {
			flat.add(new StringBuilder(source.substring(at, m.start())));
			flat.add(m.toMatchResult());
			at = m.end();
		}
		flat.add(new StringBuilder(source.substring(at)));
		// apply the trim markers to the neighbouring text
		for (int i = 0; i < flat.size(); i++) {
			if (flat.get(i) instanceof MatchResult action) {
				if (!action.group(1).isEmpty() && flat.get(i - 1) instanceof StringBuilder before) {
					before.replace(0, before.length(), before.toString().stripTrailing());
				}
				if (!action.group(3).isEmpty() && flat.get(i + 1) instanceof StringBuilder after) {
					after.replace(0, after.length(), after.toString().stripLeading());
				}
			}
		}
		List<List<Node>> stack = new ArrayList<>();
		List<Block> open = new ArrayList<>();
		stack.add(new ArrayList<>());
		for (Object token : flat) {
			List<Node> current = stack.get(stack.size() - 1);
			if (token instanceof StringBuilder text) {
				current.add(new Text(text.toString()));
				continue;
			}
			String body = ((MatchResult) token).group(2);
			if (body.startsWith("/*")) {
				// a template comment renders nothing
				continue;
			}
			String word = body.split("\\s+", 2)[0];
			switch (word) {
				case "if", "with", "define" -> {
					Block block = new Block(word, body.substring(word.length()).strip(), new ArrayList<>());
					current.add(block);
					open.add(block);
					stack.add(block.children());
				}
				case "end" -> {
					open.remove(open.size() - 1);
					stack.remove(stack.size() - 1);
				}
				case "fail" -> current.add(new Fail(unquote(body.substring(word.length()).strip())));
				case "else", "range", "template", "tpl", "required" ->
					throw new IllegalArgumentException("unsupported template action: " + body);
				default -> current.add(new Action(body));
			}
		}
		if (!open.isEmpty()) {
			throw new IllegalArgumentException("unclosed " + open.get(0).kind());
		}
		return stack.get(0);
	}

	private String render(List<Node> nodes, Object dot) {
		StringBuilder out = new StringBuilder();
		for (Node node : nodes) {
			switch (node) {
				case Text text -> out.append(text.text());
				case Fail fail -> throw new ChartRefused(fail.message());
				case Action action -> out.append(text(pipeline(action.body(), dot)));
				case Block block -> {
					switch (block.kind()) {
						case "define" -> this.defines.put(unquote(block.argument()), block.children());
						case "if" -> {
							if (truthy(pipeline(block.argument(), dot))) {
								out.append(render(block.children(), dot));
							}
						}
						default -> {
							Object value = pipeline(block.argument(), dot);
							if (truthy(value)) {
								out.append(render(block.children(), value));
							}
						}
					}
				}
			}
		}
		return out.toString();
	}

	private Object pipeline(String body, Object dot) {
		List<String> stages = split(body, '|');
		Object value = command(words(stages.get(0)), dot, null, false);
		for (String stage : stages.subList(1, stages.size())) {
			value = command(words(stage), dot, value, true);
		}
		return value;
	}

	private Object command(List<String> words, Object dot, Object piped, boolean isPiped) {
		String name = words.get(0);
		List<Object> args = new ArrayList<>();
		for (String word : words.subList(1, words.size())) {
			args.add(term(word, dot));
		}
		if (isPiped) {
			args.add(piped);
		}
		return switch (name) {
			case "include" -> {
				Object template = args.get(0);
				if (template instanceof String s && this.defines.containsKey(s)) {
					yield render(this.defines.get(s), args.get(1)).strip();
				}
				yield "rendered:" + template;
			}
			case "toYaml" -> toYaml(args.get(0));
			case "nindent" -> "\n" + indent(text(args.get(1)), Integer.parseInt(text(args.get(0))));
			case "quote" -> "\"" + text(args.get(0)).replace("\"", "\\\"") + "\"";
			case "default" -> truthy(args.get(1)) ? args.get(1) : args.get(0);
			case "join" -> String.join(text(args.get(0)),
					((Collection<?>) args.get(1)).stream().map(HelmTemplates::text).toList());
			case "printf" -> String.format(text(args.get(0)), args.subList(1, args.size()).toArray());
			case "print" -> String.join("", args.stream().map(HelmTemplates::text).toList());
			case "trunc" -> {
				String s = text(args.get(1));
				yield s.substring(0, Math.min(s.length(), Integer.parseInt(text(args.get(0)))));
			}
			case "trimSuffix" -> {
				String s = text(args.get(1));
				String suffix = text(args.get(0));
				yield s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
			}
			case "replace" -> text(args.get(2)).replace(text(args.get(0)), text(args.get(1)));
			case "sha256sum" -> sha256(text(args.get(0)));
			// Go's or: the first truthy argument, else the last
			case "or" -> args.stream().filter(HelmTemplates::truthy).findFirst().orElse(args.get(args.size() - 1));
			case "not" -> !truthy(args.get(0));
			default -> {
				if (words.size() == 1 && !isPiped) {
					yield term(name, dot);
				}
				throw new IllegalArgumentException("unsupported function: " + name);
			}
		};
	}

	private Object term(String word, Object dot) {
		if (word.startsWith("\"")) {
			return unquote(word);
		}
		if (word.matches("-?\\d+")) {
			return Integer.valueOf(word);
		}
		if (word.startsWith("(")) {
			return pipeline(word.substring(1, word.length() - 1), dot);
		}
		if (word.equals(".")) {
			return dot;
		}
		if (word.equals("$.Template.BasePath")) {
			return "templates";
		}
		if (word.startsWith(".Values")) {
			return walk(this.values, word.substring(".Values".length()));
		}
		if (word.startsWith(".Chart.")) {
			String key = word.substring(".Chart.".length());
			return this.chartYaml.get(Character.toLowerCase(key.charAt(0)) + key.substring(1));
		}
		return switch (word) {
			case ".Release.Name" -> "rel";
			case ".Release.Service" -> "Helm";
			case ".Release.Namespace" -> "default";
			default -> throw new IllegalArgumentException("unsupported term: " + word);
		};
	}

	private static Object walk(Object node, String path) {
		for (String key : path.split("\\.")) {
			if (key.isEmpty()) {
				continue;
			}
			if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
				throw new IllegalArgumentException("undefined value ." + path);
			}
			node = map.get(key);
		}
		return node;
	}

	private static List<String> words(String command) {
		List<String> words = new ArrayList<>();
		int depth = 0;
		boolean quoted = false;
		StringBuilder word = new StringBuilder();
		for (char c : command.strip().toCharArray()) {
			if (c == '"') {
				quoted = !quoted;
			}
			else if (!quoted && c == '(') {
				depth++;
			}
			else if (!quoted && c == ')') {
				depth--;
			}
			if (Character.isWhitespace(c) && !quoted && depth == 0) {
				if (!word.isEmpty()) {
					words.add(word.toString());
					word.setLength(0);
				}
			}
			else {
				word.append(c);
			}
		}
		if (!word.isEmpty()) {
			words.add(word.toString());
		}
		return words;
	}

	private static List<String> split(String body, char separator) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		boolean quoted = false;
		StringBuilder part = new StringBuilder();
		for (char c : body.toCharArray()) {
			if (c == '"') {
				quoted = !quoted;
			}
			else if (!quoted && c == '(') {
				depth++;
			}
			else if (!quoted && c == ')') {
				depth--;
			}
			if (c == separator && !quoted && depth == 0) {
				parts.add(part.toString());
				part.setLength(0);
			}
			else {
				part.append(c);
			}
		}
		parts.add(part.toString());
		return parts;
	}

	private static boolean truthy(Object value) {
		return switch (value) {
			case null -> false;
			case Boolean b -> b;
			case String s -> !s.isEmpty();
			case Number n -> n.doubleValue() != 0;
			case Collection<?> c -> !c.isEmpty();
			case Map<?, ?> m -> !m.isEmpty();
			default -> true;
		};
	}

	private static String text(Object value) {
		return (value == null) ? "" : value.toString();
	}

	private static String unquote(String word) {
		return word.substring(1, word.length() - 1);
	}

	private static String toYaml(Object value) {
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		return new Yaml(options).dump(value).stripTrailing();
	}

	private static String indent(String text, int spaces) {
		String pad = " ".repeat(spaces);
		return String.join("\n", text.lines().map((line) -> pad + line).toList());
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
