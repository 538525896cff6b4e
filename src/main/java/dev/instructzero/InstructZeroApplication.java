package dev.instructzero;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * InstructZero as a service: finds the best instruction for a black-box LLM on a task by
 * Bayesian optimisation over soft prompts of an open-source LLM (arXiv 2306.03082).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class InstructZeroApplication {

	public static void main(String[] args) {
		SpringApplication.run(InstructZeroApplication.class, args);
	}

}
