package dev.instructzero.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Zero-setup database ({@code instructzero.embedded-postgres.*}), used only when
 * {@code spring.datasource.url} is not set.
 *
 * @param dataDir the cluster's data directory, kept across restarts
 */
@ConfigurationProperties("instructzero.embedded-postgres")
record EmbeddedPostgresProperties(@DefaultValue("./data/postgres") Path dataDir) {
}
