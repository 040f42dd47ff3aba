package io.luxy.proxy;

import java.util.List;

import io.luxy.proxy.balance.RoundRobin;
import io.luxy.proxy.rules.HttpRule;

/**
 * A backend (or the backend half of a listen section): its mode, the {@code http-request} rules
 * it runs after the frontend's, its servers and their selector ({@code balance roundrobin}).
 */
public record Backend(String name, Mode mode, List<HttpRule> httpRules, List<Server> servers,
                      RoundRobin selector, Timeouts timeouts, boolean forwardFor) {

    /** The next server to use, or null when none is UP (503). */
    public Server select() {
        return selector.select();
    }
}
