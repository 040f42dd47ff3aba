package io.luxy.reload;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import io.luxy.support.LuxyTestBase;

/** Tests that drive a {@link GenerationSwitch} directly: one per test, retired after it, on every event loop. */
abstract class SwitchTestBase extends LuxyTestBase {

    @TempDir
    Path tmp;

    /** The switch under test (null until {@link #start(Path)}). */
    GenerationSwitch generations;

    @AfterEach
    void stopSwitch() throws Exception {
        if (generations != null) {
            generations.retire().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** Starts generation 1 of {@code cfg} on every event loop, with a 2 s drain on reload. */
    GenerationSwitch start(Path cfg) {
        generations = new GenerationSwitch(vertx(), List.of(cfg), GenerationSwitch.eventLoops(vertx()), UnaryOperator.identity(), 2000);
        generations.start();
        return generations;
    }

    /** True when nothing listens on loopback {@code port} (connection refused). */
    static boolean refused(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
