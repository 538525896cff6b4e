package dev.instructzero.evaluator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Prices of black-box models in US dollars per million tokens
 * ({@code instructzero.pricing.<model>.input-usd-per-mtok} and
 * {@code .output-usd-per-mtok}). Model names containing dots must be bracketed:
 * {@code instructzero.pricing[gpt-3.5-turbo].input-usd-per-mtok=0.5} (in YAML
 * {@code "[gpt-3.5-turbo]":}). A model without a price costs 0, so a {@code maxCostUsd}
 * budget cannot stop it: check {@link #hasPrice} when a job is created.
 *
 * @param pricing price per model name
 */
@Validated
@ConfigurationProperties("instructzero")
public record PricingProperties(@DefaultValue @Valid Map<String, ModelPrice> pricing) {

	/** Scale of stored USD amounts, as the {@code numeric(18, 8)} columns. */
	public static final int USD_SCALE = 8;

	private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

	public PricingProperties {
		pricing = Map.copyOf(pricing);
	}

	/** Whether {@code model} has a configured price. */
	public boolean hasPrice(String model) {
		return this.pricing.containsKey(model);
	}

	/** Cost in USD of a call of {@code model}; zero when the model has no price. */
	public BigDecimal costUsd(String model, long tokensIn, long tokensOut) {
		ModelPrice price = this.pricing.get(model);
		if (price == null) {
			return BigDecimal.ZERO.setScale(USD_SCALE);
		}
		BigDecimal in = price.inputUsdPerMtok().multiply(BigDecimal.valueOf(tokensIn));
		BigDecimal out = price.outputUsdPerMtok().multiply(BigDecimal.valueOf(tokensOut));
		return in.add(out).divide(MILLION, USD_SCALE, RoundingMode.HALF_UP);
	}

	/**
	 * Price of one model.
	 *
	 * @param inputUsdPerMtok USD per million prompt tokens
	 * @param outputUsdPerMtok USD per million completion tokens
	 */
	public record ModelPrice(@NotNull @DecimalMin("0") BigDecimal inputUsdPerMtok,
			@NotNull @DecimalMin("0") BigDecimal outputUsdPerMtok) {
	}

}
