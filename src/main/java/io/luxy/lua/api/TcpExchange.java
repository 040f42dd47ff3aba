package io.luxy.lua.api;

import io.luxy.sample.SampleContext;
import io.vertx.core.buffer.Buffer;

/** One client connection handed to a Lua TCP service: its input, its output and closing. */
public interface TcpExchange extends SampleContext {

    /** Bytes from the client. */
    StreamInput input();

    /** Writes to the client (any thread). */
    void write(Buffer data);

    /** Closes the connection once written data is flushed. */
    void close();
}
