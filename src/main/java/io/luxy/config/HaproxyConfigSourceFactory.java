package io.luxy.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Builds the {@link HaproxyConfigSource} from the files named by {@code luxy.config}
 * (comma-separated files or folders, read from the other sources). The files are parsed
 * leniently (every keyword accepted): refusing a bad config is the loader's job, with file:line.
 * Registered in META-INF/services/io.smallrye.config.ConfigSourceFactory.
 */
public final class HaproxyConfigSourceFactory implements ConfigSourceFactory {

    /** The property naming the haproxy.cfg files. */
    public static final String CONFIG_PROPERTY = "luxy.config";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue(CONFIG_PROPERTY);
        if (value == null || value.getValue() == null || value.getValue().isBlank()) {
            return List.of();
        }
        List<Path> paths = Arrays.stream(value.getValue().split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
        return List.of(source(paths));
    }

    /** The source for these files, parsed leniently; missing files give an empty source. */
    public static HaproxyConfigSource source(List<Path> paths) {
        return new HaproxyConfigSource(new CfgParser(KeywordRegistry.acceptAll(), new Diagnostics(), System::getenv).parse(paths));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(HaproxyConfigSource.ORDINAL);
    }
}
