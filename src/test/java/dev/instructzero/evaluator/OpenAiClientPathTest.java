package dev.instructzero.evaluator;

import dev.instructzero.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.web.client.ResponseErrorHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application has one OpenAI-compatible client path, the evaluator's: Spring AI's
 * auto-configured chat model (whose SDK retries would stack on the evaluator's), its
 * ChatClient and its retry template are not created.
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

	@Test
	void createsNoSpringAiRetrySettings() {
		assertThat(this.context.getBeanNamesForType(RetryTemplate.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(ResponseErrorHandler.class)).isEmpty();
	}

}
