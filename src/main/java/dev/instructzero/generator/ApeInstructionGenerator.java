package dev.instructzero.generator;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * The APE baseline (strategy {@code ape}): an OpenAI-compatible chat model proposes an
 * instruction from k exemplars with APE's forward template, sampled at the configured
 * temperature. One instruction per call. APE's template ends in "The instruction was to"
 * like the {@link PromptStyle#COMPLETION completion} style, so the reply is read the same
 * way ("The instruction was to ...", cut at "Comment:", first sentence; "" when empty).
 */
public class ApeInstructionGenerator {

	private final Supplier<ChatModel> chatModel;

	private final GeneratorProperties.Ape ape;

	/**
	 * @param chatModel the chat model (by default the black-box model's)
	 * @param ape template, model, temperature and max tokens
	 */
	public ApeInstructionGenerator(ChatModel chatModel, GeneratorProperties.Ape ape) {
		this(() -> chatModel, ape);
	}

	ApeInstructionGenerator(Supplier<ChatModel> chatModel, GeneratorProperties.Ape ape) {
		this.chatModel = chatModel;
		this.ape = ape;
	}

	/**
	 * Like {@link #generate(List)}, asking {@code fallbackModel} when no APE model is
	 * configured (the paper's APE asks the black-box model itself).
	 * @param exemplars the demonstrations, not empty
	 * @param fallbackModel the model to ask when {@code instructzero.generator.ape.model}
	 * is unset
	 * @return the instruction ("" when the model produced nothing usable) and the reply
	 */
	public GeneratedInstruction generate(List<Exemplar> exemplars, String fallbackModel) {
		return ask(exemplars,
				(this.ape.model() != null && !this.ape.model().isBlank()) ? this.ape.model() : fallbackModel);
	}

	/**
	 * Proposes one instruction.
	 * @param exemplars the demonstrations, not empty
	 * @return the instruction ("" when the model produced nothing usable) and the reply
	 * @throws IllegalArgumentException when exemplars is empty
	 * @throws GenerationFailedException when no chat model is available or the call fails
	 * (after the chat client's own retries)
	 */
	public GeneratedInstruction generate(List<Exemplar> exemplars) {
		return ask(exemplars, this.ape.model());
	}

	private GeneratedInstruction ask(List<Exemplar> exemplars, String modelName) {
		Objects.requireNonNull(exemplars, "exemplars");
		String text = ExemplarText.apeText(this.ape.template(), exemplars);
		ChatModel model = this.chatModel.get();
		if (model == null) {
			throw new GenerationFailedException(GenerationFailedException.Reason.REJECTED,
					"no (unique) chat model is configured for the APE generator", 0, null);
		}
		// OpenAI options: Spring AI's OpenAI model refuses generic ChatOptions
		// (ClassCastException)
		OpenAiChatOptions.Builder builder = OpenAiChatOptions.builder()
			.temperature(this.ape.temperature())
			.maxTokens(this.ape.maxTokens());
		if (modelName != null && !modelName.isBlank()) {
			builder.model(modelName);
		}
		ChatOptions options = builder.build();
		ChatResponse response;
		try {
			response = model.call(new Prompt(new UserMessage(text), options));
		}
		catch (RuntimeException ex) {
			throw new GenerationFailedException(reasonOf(ex), "APE chat call failed: " + ex.getMessage(), 1, ex);
		}
		String reply = (response != null && response.getResult() != null) ? response.getResult().getOutput().getText()
				: null;
		return GeneratedInstruction.fromReply(PromptStyle.COMPLETION, reply);
	}

	/** A 4xx other than 429 from the OpenAI SDK is a refusal; anything else may pass. */
	private static GenerationFailedException.Reason reasonOf(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof com.openai.errors.OpenAIServiceException service) {
				int status = service.statusCode();
				return (status >= 400 && status < 500 && status != 429) ? GenerationFailedException.Reason.REJECTED
						: GenerationFailedException.Reason.UNAVAILABLE;
			}
		}
		return GenerationFailedException.Reason.UNAVAILABLE;
	}

}
