package io.luxy.proxy;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.luxy.lua.api.TxnContext;
import io.luxy.lua.bind.ThreadAffinity;
import io.luxy.sample.Sample;
import io.luxy.sample.Vars;
import io.vertx.core.net.SocketAddress;

/**
 * What every stream of a frontend has, HTTP or TCP: its variables (over the generation's
 * {@code proc.} scope), the Lua private value of the transaction, and the index of the event
 * loop that accepted it.
 */
public abstract class StreamBase implements TxnContext, ThreadAffinity {

    private final Vars vars;
    private final int threadIndex;
    private Object priv;

    protected StreamBase(int threadIndex, Map<String, Sample> procVars) {
        this.threadIndex = threadIndex;
        this.vars = new Vars(procVars, new ConcurrentHashMap<>(2));
    }

    /** A Vert.x socket address as a Java one (null stays null). */
    public static InetSocketAddress inet(SocketAddress a) {
        return a == null ? null : new InetSocketAddress(a.hostAddress(), a.port());
    }

    @Override
    public Vars vars() {
        return vars;
    }

    @Override
    public Object luaPriv() {
        return priv;
    }

    @Override
    public void luaPriv(Object value) {
        this.priv = value;
    }

    @Override
    public int threadIndex() {
        return threadIndex;
    }
}
