package io.luxy.runtime;

import io.luxy.proxy.Backend;
import io.luxy.proxy.Server;
import io.luxy.proxy.check.CheckStatus;

/**
 * {@code show servers state [backend]} (HAProxy doc/management.txt 9.3): format version 1, the
 * header line and one space-separated line per server with HAProxy's numeric codes
 * ({@code srv_op_state} 0 stopped / 2 running, {@code srv_admin_state} bits 0x01 forced
 * maintenance, 0x04 maintenance from the configuration, 0x08 forced drain; check status numbers of
 * {@code enum healthcheck_status}).
 */
public final class ServersState {

    /** The header HAProxy 2.6 prints. */
    static final String HEADER = "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight "
            + "srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state "
            + "srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port "
            + "srv_check_addr srv_agent_addr srv_agent_port\n";

    private ServersState() {
    }

    /** Appends the dump for every backend, or only {@code only} (null for all). */
    static void append(Proxies proxies, String only, StringBuilder b) {
        if (only != null && proxies.backend(only) == null) {
            b.append("Can't find backend.\n");
            return;
        }
        b.append("1\n").append(HEADER);
        long now = System.currentTimeMillis();
        for (Proxies.Px p : proxies.all()) {
            Backend be = p.backend();
            if (be == null || (only != null && be != proxies.backend(only))) {
                continue;
            }
            for (Server s : be.servers()) {
                boolean maint = s.admin() == Server.AdminState.MAINT;
                int op = maint || !s.up() ? 0 : 2;
                int admin = 0;
                if (maint) {
                    admin = s.settings().disabled() ? 0x05 : 0x01;
                } else if (s.admin() == Server.AdminState.DRAIN) {
                    admin = 0x08;
                }
                var cs = s.checkState();
                boolean checked = s.checked();
                int status = checked ? statusCode(cs.last().status()) : 1;
                int result = !checked || cs.last().status() == CheckStatus.INI ? 0 : cs.last().status().passed() ? 3 : 2;
                int health = maint && !checked ? 0 : cs.health();
                int chkState = (checked ? (s.healthEnabled() ? 6 : 4) : 0) | (maint ? 8 : 0);
                long since = (now - Math.max(s.lastChangeMillis(), checked ? cs.lastChangeMillis() : 0)) / 1000;
                b.append(p.id()).append(' ').append(be.name()).append(' ').append(Proxies.sid(be, s)).append(' ')
                        .append(s.name()).append(' ').append(s.host()).append(' ').append(op).append(' ').append(admin)
                        .append(' ').append(s.weight()).append(' ').append(s.initialWeight()).append(' ').append(since)
                        .append(' ').append(status).append(' ').append(result).append(' ').append(health).append(' ')
                        .append(chkState).append(" 0 0 0 - ")
                        .append(s.port()).append(" - ").append(s.settings().tls().enabled() ? 1 : 0).append(" 0 - - 0\n");
            }
        }
    }

    /** HAProxy's {@code enum healthcheck_status} number for {@code s}. */
    static int statusCode(CheckStatus s) {
        return switch (s) {
            case INI -> 1;
            case SOCKERR -> 5;
            case L4OK -> 6;
            case L4TOUT -> 7;
            case L4CON -> 8;
            case L7TOUT -> 12;
            case L7RSP -> 13;
            case L7OK -> 15;
            case L7OKC -> 16;
            case L7STS -> 17;
        };
    }
}
