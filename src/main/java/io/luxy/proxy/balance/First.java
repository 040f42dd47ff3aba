package io.luxy.proxy.balance;

import java.util.List;

import io.luxy.proxy.Server;
import io.luxy.sample.SampleContext;

/**
 * {@code balance first}: the first usable server (declaration order) with a free connection slot
 * under its {@code maxconn} (0 = unlimited, so it takes everything); when every server is full,
 * the first usable one (its queue holds the request). HAProxy doc/configuration.txt 4.2.
 */
final class First extends ServerGroup {

    First(List<Server> servers, boolean allBackups) {
        super(servers, allBackups);
    }

    @Override
    Server pick(Server[] group, int groupIndex, SampleContext ctx) {
        Server firstUsable = null;
        for (Server s : group) {
            if (!s.usable()) {
                continue;
            }
            int max = s.settings().maxconn();
            if (max == 0 || s.currentConns() < max) {
                return s;
            }
            if (firstUsable == null) {
                firstUsable = s;
            }
        }
        return firstUsable;
    }
}
