package io.luxy.lua.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;

/** Helpers of the Lua API integration tests: resource copies with placeholders, HTTP calls, peer servers. */
final class LuaApiSupport {

    /** The folder of the API test scripts and maps. */
    static final Path RESOURCES = Path.of("src/test/resources/lua-api").toAbsolutePath();

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private LuaApiSupport() {
    }

    /** Copies resource {@code name} into {@code dir}, replacing {@code @DIR@} by the resources folder. */
    static Path copyScript(String name, Path dir) throws IOException {
        Path out = dir.resolve(name);
        Files.writeString(out, Files.readString(RESOURCES.resolve(name)).replace("@DIR@", RESOURCES.toString()));
        return out;
    }

    /** GET {@code path} on loopback {@code port}. */
    static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Starts an HTTP server answering its {@code name} in the body and an {@code x-server} header. */
    static int startNamedBackend(Vertx vertx, String name, int port) throws Exception {
        vertx.createHttpServer().requestHandler(r -> r.response().putHeader("x-server", name).end(name))
                .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return port;
    }
}
