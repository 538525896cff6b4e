package dev.instructzero.evaluator;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application has one OpenAI-compatible client path, the evaluator's: Spring AI's
 * auto-configured chat model (with the SDK's own retries, unlike the evaluator's) and its
 * ChatClient are not created.
 */
@IntegrationTest
class OpenAiClientPathTest {

	@Autowired
	ApplicationContext context;

	@Test
	void createsNoAutoConfiguredChatModelBesideTheEvaluators() {
		assertThat(this.context.getBeanNamesForType(ChatModel.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(ChatClient.Builder.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(BlackBoxEvaluator.class)).hasSize(1);
	}

}
