package io.luxy.lua.api;

import io.luxy.sample.SampleContext;

/**
 * The stream an action or sample fetch runs for, as the proxy exposes it to TXN: samples,
 * variables, and the slot for the Lua private value (shared by every action and fetch of the
 * transaction, HAPROXY-LUA-API.md 3.7).
 */
public interface TxnContext extends SampleContext {

    /** The private Lua value of this transaction, or null. */
    Object luaPriv();

    /** Stores the private Lua value of this transaction. */
    void luaPriv(Object value);

    /**
     * {@code txn:set_loglevel(l)}: the syslog level (0 emerg … 7 debug, -1 silent) of this
     * request's log line; streams without an access log ignore it.
     */
    default void luaLogLevel(int level) {
    }

    /** The proxy's name (frontend or backend) running the rule, for log lines. */
    default String proxyName() {
        return "";
    }

    /** True for an HTTP stream: {@code txn.http} exists and the channels' buffers cannot be changed. */
    default boolean luaHttp() {
        return false;
    }

    /** {@code txn.http:req_set_method(m)}: the method forwarded to the server (HTTP streams). */
    default void luaSetMethod(String method) {
        throw new UnsupportedOperationException("not an HTTP stream");
    }

    /** {@code txn.http:req_set_uri/path/query}: the request URI forwarded to the server (HTTP streams). */
    default void luaSetUri(String uri) {
        throw new UnsupportedOperationException("not an HTTP stream");
    }

    /** {@code txn.http:res_set_status(code [, reason])}: a null reason means the code's standard phrase. */
    default void luaSetStatus(int code, String reason) {
        throw new UnsupportedOperationException("not an HTTP stream");
    }

    /**
     * The request bytes not yet forwarded to the server, which {@code txn.req} (Channel) reads and
     * rewrites in TCP streams; null when the stream has no such buffer.
     */
    default StreamInput luaRequestInput() {
        return null;
    }

    /**
     * The server's bytes not yet sent to the client, which {@code txn.res} (Channel) reads and
     * rewrites in {@code tcp-response content} actions; null before the server answered or in
     * streams without such a buffer.
     */
    default StreamInput luaResponseInput() {
        return null;
    }
}
