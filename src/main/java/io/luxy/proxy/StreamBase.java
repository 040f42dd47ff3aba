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

    private final Map<String, Sample> procVars;
    private final int threadIndex;
    /** Created on first use: most streams never touch a variable. */
    private Vars vars;
    /** The response has started: variables created from now on see {@code res.} as their scope. */
    private volatile boolean inResponse;
    private Object priv;

    protected StreamBase(int threadIndex, Map<String, Sample> procVars) {
        this.threadIndex = threadIndex;
        this.procVars = procVars;
    }

    /** A Vert.x socket address as a Java one (null stays null). */
    public static InetSocketAddress inet(SocketAddress a) {
        return a == null ? null : new InetSocketAddress(a.hostAddress(), a.port());
    }

    @Override
    public Vars vars() {
        Vars v = vars;
        if (v == null) {
            v = new Vars(procVars, new ConcurrentHashMap<>(2));
            if (inResponse) {
                v.enterResponse();
            }
            vars = v;
        }
        return v;
    }

    /** Moves the variables to the response scope, without creating them when none were set. */
    protected void enterResponse() {
        inResponse = true;
        Vars v = vars;
        if (v != null) {
            v.enterResponse();
        }
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
