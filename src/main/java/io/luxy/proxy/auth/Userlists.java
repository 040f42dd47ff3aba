package io.luxy.proxy.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.luxy.config.ConfigFile;
import io.luxy.config.Diagnostic;
import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.Section;
import io.luxy.config.SectionKind;
import io.luxy.sample.UserlistLookup;

/**
 * The {@code userlist} sections of one generation, by name, built from the parsed configuration
 * as HAProxy 2.6 does (src/cfgparse.c {@code cfg_parse_users}, src/auth.c
 * {@code userlist_postinit}): the first of duplicated userlists, users and groups wins, the lines
 * after a duplicated {@code userlist} header go to the userlist declared last, and the
 * {@code groups}/{@code users} references are resolved with HAProxy's alert
 * {@code userlist 'L': no such group 'g' specified in user 'u'} (only the first one, as HAProxy
 * stops there). Immutable; the lookup the {@code http_auth*} fetches use.
 */
public final class Userlists implements UserlistLookup {

    /** No userlist. */
    public static final Userlists NONE = new Userlists(Map.of());

    private final Map<String, Userlist> lists;

    private Userlists(Map<String, Userlist> lists) {
        this.lists = Map.copyOf(lists);
    }

    /** A userlist by name, or null. */
    public Userlist get(String name) {
        return lists.get(name);
    }

    /** Builds the userlists of {@code config}; unresolved references are added to {@code diag}. */
    public static Userlists from(ConfigFile config, Diagnostics diag) {
        Map<String, Draft> drafts = new LinkedHashMap<>();
        Draft last = null;
        for (Section s : config.sections()) {
            if (s.kind() != SectionKind.USERLIST || s.name().isEmpty()) {
                continue;
            }
            Draft d = drafts.get(s.name());
            if (d == null) {
                d = new Draft(s.name());
                drafts.put(s.name(), d);
                last = d;
            } else {
                d = last; // cfg_parse_users: lines after a duplicated header go to the current (last created) list
            }
            for (Directive line : s.directives()) {
                d.add(line);
            }
        }
        // userlist_postinit walks the lists and users newest first and stops at the first error
        List<Draft> order = new ArrayList<>(drafts.values());
        java.util.Collections.reverse(order);
        for (Draft d : order) {
            String err = d.resolve();
            if (err != null) {
                diag.alert(null, Diagnostic.Style.NONE, err);
                return NONE;
            }
        }
        Map<String, Userlist> out = new LinkedHashMap<>();
        for (Draft d : drafts.values()) {
            out.put(d.name, d.build());
        }
        return new Userlists(out);
    }

    @Override
    public boolean hasUserlist(String name) {
        return lists.containsKey(name);
    }

    @Override
    public boolean hasGroup(String list, String group) {
        Userlist l = lists.get(list);
        return l != null && l.hasGroup(group);
    }

    @Override
    public boolean check(String list, String user, String password) {
        Userlist l = lists.get(list);
        return l != null && l.check(user, password);
    }

    @Override
    public List<String> groups(String list, String user) {
        Userlist l = lists.get(list);
        return l == null ? List.of() : l.groupsOf(user);
    }

    @Override
    public String toString() {
        return "Userlists" + lists.values();
    }

    /** A userlist while its lines are read. */
    private static final class Draft {
        final String name;
        /** user → [password, insecure ("1"/"0"), groups option] */
        final Map<String, String[]> users = new LinkedHashMap<>();
        /** group → users option (or null) */
        final Map<String, String> groups = new LinkedHashMap<>();
        final Map<String, Set<String>> memberships = new LinkedHashMap<>();

        Draft(String name) {
            this.name = name;
        }

        void add(Directive line) {
            String n = line.arg(0);
            if (n == null || n.isEmpty()) {
                return;
            }
            if (line.keyword().equals("group") && !groups.containsKey(n)) {
                String members = null;
                for (int i = 1; i < line.args().size(); i += 2) {
                    if ("users".equals(line.arg(i))) {
                        members = line.arg(i + 1) == null ? "" : line.arg(i + 1);
                    }
                }
                groups.put(n, members);
            } else if (line.keyword().equals("user") && !users.containsKey(n)) {
                String[] u = {null, "0", null};
                for (int i = 1; i < line.args().size(); i += 2) {
                    String v = line.arg(i + 1) == null ? "" : line.arg(i + 1);
                    switch (line.arg(i)) {
                        case "password" -> {
                            u[0] = v;
                            u[1] = "0";
                        }
                        case "insecure-password" -> {
                            u[0] = v;
                            u[1] = "1";
                        }
                        case "groups" -> u[2] = v;
                        default -> {
                        }
                    }
                }
                users.put(n, u);
            }
        }

        /** Resolves the references; HAProxy's alert text for the first unknown one, else null. */
        String resolve() {
            for (String u : users.keySet()) {
                memberships.put(u, new LinkedHashSet<>());
            }
            List<String> newestFirst = new ArrayList<>(users.keySet());
            java.util.Collections.reverse(newestFirst);
            for (String u : newestFirst) {
                for (String g : tokens(users.get(u)[2])) {
                    if (!groups.containsKey(g)) {
                        return "userlist '" + name + "': no such group '" + g + "' specified in user '" + u + "'";
                    }
                    memberships.get(u).add(g);
                }
            }
            List<String> groupsNewestFirst = new ArrayList<>(groups.keySet());
            java.util.Collections.reverse(groupsNewestFirst);
            for (String g : groupsNewestFirst) {
                for (String u : tokens(groups.get(g))) {
                    if (!users.containsKey(u)) {
                        return "userlist '" + name + "': no such user '" + u + "' specified in group '" + g + "'";
                    }
                    memberships.get(u).add(g);
                }
            }
            return null;
        }

        Userlist build() {
            Map<String, Userlist.User> out = new LinkedHashMap<>();
            for (Map.Entry<String, String[]> e : users.entrySet()) {
                String[] u = e.getValue();
                List<String> gs = new ArrayList<>();
                for (String g : groups.keySet()) { // declaration order
                    if (memberships.get(e.getKey()).contains(g)) {
                        gs.add(g);
                    }
                }
                out.put(e.getKey(), new Userlist.User(e.getKey(), u[0], "1".equals(u[1]), List.copyOf(gs), new Userlist.Memo()));
            }
            return new Userlist(name, out, groups.keySet());
        }

        /** strtok(s, ","): the non-empty comma-separated words. */
        private static List<String> tokens(String s) {
            List<String> out = new ArrayList<>();
            if (s != null) {
                for (String t : s.split(",")) {
                    if (!t.isEmpty()) {
                        out.add(t);
                    }
                }
            }
            return out;
        }
    }
}
