package io.luxy.proxy.rules;

import java.util.List;

import io.luxy.sample.SampleContext;

/**
 * Evaluates {@code tcp-request connection} rules when a connection is accepted, before any
 * content rule (doc/configuration.txt 4.2 "tcp-request connection"): the first matching
 * {@code accept} or {@code reject} decides; without a match the connection is accepted.
 */
public final class ConnectionRules {

    private ConnectionRules() {
    }

    /** True when the connection may go on; false when a {@code reject} rule matched (close it silently). */
    public static boolean accept(List<TcpRule> rules, SampleContext ctx) {
        for (TcpRule r : rules) {
            if (r.condition() != null && !r.condition().test(ctx)) {
                continue;
            }
            if (r.action() instanceof TcpAction.Reject) {
                return false;
            }
            if (r.action() instanceof TcpAction.Accept) {
                return true;
            }
        }
        return true;
    }
}
