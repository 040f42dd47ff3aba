package io.luxy.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;
import io.vertx.core.http.WebSocketConnectOptions;

/** A WebSocket upgrade is tunnelled: 101 from the server, then frames both ways (Vert.x echo server and client). */
class WebSocketIT extends LuxyTestBase {

    @Test
    void webSocketEchoThroughLuxy() throws Exception {
        int fe = freePort();
        // upgrade in the request handler: a webSocketHandler-only server stops answering handshakes once
        // Quarkus has booted in the same JVM (LuxyConfigMappingIT), unrelated to the proxy
        var echo = vertx().createHttpServer().requestHandler(r -> r.toWebSocket().onSuccess(ws -> ws.handler(ws::write)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        startProxy("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                    timeout tunnel 10s
                frontend f
                    bind 127.0.0.1:%d
                    default_backend b
                backend b
                    server s1 127.0.0.1:%d
                """.formatted(fe, echo.actualPort()));
        CompletableFuture<String> got = new CompletableFuture<>();
        vertx().createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fe).setURI("/ws"))
                .onFailure(got::completeExceptionally)
                .onSuccess(ws -> {
                    StringBuilder sb = new StringBuilder();
                    ws.handler(m -> { // the echo server answers with binary frames
                        sb.append(m);
                        if (sb.length() >= 10) {
                            got.complete(sb.toString());
                        }
                    });
                    ws.writeTextMessage("hello");
                    ws.writeTextMessage("world");
                });
        assertEquals("helloworld", got.get(10, TimeUnit.SECONDS));
    }
}
