package io.luxy.proxy.rules;

import java.util.List;

/**
 * A backend's {@code tcp-response content} rules and its {@code tcp-response inspect-delay} in
 * milliseconds (0 when unset), HAProxy doc/configuration.txt 4.2. They run on the server's side of
 * a tcp stream once the server connection is established, before its data reach the client.
 */
public record TcpResponseRules(List<TcpRule> rules, long inspectDelay) {

    /** No rules: the server's data flow to the client untouched. */
    public static final TcpResponseRules NONE = new TcpResponseRules(List.of(), 0);

    /** True when there is no rule to run. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }
}
