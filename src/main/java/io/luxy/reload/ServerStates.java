package io.luxy.reload;

import io.luxy.proxy.Backend;
import io.luxy.proxy.ProxyModel;
import io.luxy.proxy.Server;

/**
 * Carries the run-time state of servers from a retiring generation to the next one, for every
 * server that still exists (same backend and server names): a weight changed at run time, the
 * administrative state (MAINT/DRAIN) and the health-check verdict. What the new configuration
 * changed wins over what the old one said: a weight equal to the old configured weight is not
 * carried. HAProxy keeps this through {@code server-state-file} across reloads.
 */
final class ServerStates {

    private ServerStates() {
    }

    /** Copies server state from {@code from} into {@code to}; returns the number of servers carried. */
    static int carry(ProxyModel from, ProxyModel to) {
        int n = 0;
        for (Backend nb : to.backends().values()) {
            Backend ob = from.backends().get(nb.name());
            if (ob == null) {
                continue;
            }
            for (Server s : nb.servers()) {
                Server old = ob.server(s.name());
                if (old == null) {
                    continue;
                }
                if (old.weight() != old.initialWeight()) {
                    s.weight(old.weight());
                }
                if (old.admin() != Server.AdminState.READY) {
                    s.admin(old.admin());
                }
                if (old.checked() && s.checked()) {
                    s.up(old.up());
                }
                n++;
            }
        }
        return n;
    }
}
