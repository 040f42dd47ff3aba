package io.luxy.proxy.rules;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.Vars;

/**
 * What {@code tcp-request connection} rules of an HTTP frontend see at accept time: the two
 * addresses and the variables (no request yet, as in HAProxy where layer-7 fetches are not
 * available at this step).
 */
public record ConnectionContext(InetSocketAddress source, InetSocketAddress destination, Vars vars) implements SampleContext {

    /** A context for a new connection, over the generation's {@code proc.} variables. */
    public static ConnectionContext of(InetSocketAddress source, InetSocketAddress destination, Map<String, Sample> procVars) {
        return new ConnectionContext(source, destination, new Vars(procVars, new ConcurrentHashMap<>(2)));
    }
}
