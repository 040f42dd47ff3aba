package io.luxy.sample;

import java.util.List;

/**
 * What the {@code http_auth*} fetches read about the generation's {@code userlist} sections
 * (doc/configuration.txt 3.4, 7.3.6). Implemented by {@code io.luxy.proxy.auth.Userlists}, so the
 * sample package does not depend on the proxy layer. Lookups must not block (a crypt(3) check is
 * CPU work, not I/O).
 */
public interface UserlistLookup {

    /** A lookup that knows no userlist. */
    UserlistLookup NONE = new UserlistLookup() {
    };

    /** True when a userlist of this name exists (checked at parse time). */
    default boolean hasUserlist(String name) {
        return false;
    }

    /** True when {@code group} is declared in userlist {@code list} (ACL patterns of {@code http_auth_group}). */
    default boolean hasGroup(String list, String group) {
        return false;
    }

    /** True when {@code user} exists in {@code list} and {@code password} is its password (HAProxy {@code check_user()}). */
    default boolean check(String list, String user, String password) {
        return false;
    }

    /** The groups of {@code user} in {@code list}, in declaration order; empty when unknown. */
    default List<String> groups(String list, String user) {
        return List.of();
    }
}
