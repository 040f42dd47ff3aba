package io.luxy.proxy.auth;

import java.util.EnumSet;

import io.luxy.config.CfgParser;
import io.luxy.config.Diagnostic;
import io.luxy.config.Diagnostics;
import io.luxy.config.Directive;
import io.luxy.config.KeywordRegistry;
import io.luxy.config.Section;
import io.luxy.config.SectionKind;

/**
 * The keywords of a {@code userlist} section, checked as HAProxy 2.6's {@code cfg_parse_users()}
 * (src/cfgparse.c) does: {@code group NAME [users U1,U2]} and
 * {@code user NAME [password HASH | insecure-password PASS] [groups G1,G2]}. A duplicated user or
 * group is ignored with a warning; references between users and groups are resolved later by
 * {@link Userlists#from}.
 */
public final class UserlistKeywords {

    private UserlistKeywords() {
    }

    /** Registers {@code user} and {@code group} in userlist sections. */
    public static void register(KeywordRegistry r) {
        r.register(EnumSet.of(SectionKind.USERLIST), "group", UserlistKeywords::group);
        r.register(EnumSet.of(SectionKind.USERLIST), "user", UserlistKeywords::user);
    }

    private static void group(Directive d, Section s, Diagnostics diag) {
        String name = d.arg(0);
        if (name == null || name.isEmpty()) {
            diag.alert(d.location(), Diagnostic.Style.PARSING_TIGHT, "'group' expects <name> as arguments.");
            return;
        }
        for (char c : name.toCharArray()) {
            if (!CfgParser.validNameChar(c)) {
                diag.alert(d.location(), Diagnostic.Style.PARSING_TIGHT, "character '" + c + "' is not permitted in 'group' name '" + name + "'.");
                return;
            }
        }
        if (duplicate(s, "group", name)) {
            diag.warning(d.location(), Diagnostic.Style.PARSING_TIGHT, "ignoring duplicated group '" + name + "' in userlist '" + s.name() + "'.");
            return;
        }
        for (int i = 1; i < d.args().size(); i += 2) {
            if (!"users".equals(d.arg(i))) {
                diag.alert(d.location(), Diagnostic.Style.PARSING_TIGHT, "'group' only supports 'users' option.");
                return;
            }
        }
    }

    private static void user(Directive d, Section s, Diagnostics diag) {
        String name = d.arg(0);
        if (name == null || name.isEmpty()) {
            diag.alert(d.location(), Diagnostic.Style.PARSING_TIGHT, "'user' expects <name> as arguments.");
            return;
        }
        if (duplicate(s, "user", name)) {
            diag.warning(d.location(), Diagnostic.Style.PARSING_TIGHT, "ignoring duplicated user '" + name + "' in userlist '" + s.name() + "'.");
            return;
        }
        for (int i = 1; i < d.args().size(); i += 2) {
            String opt = d.arg(i);
            if (!opt.equals("password") && !opt.equals("insecure-password") && !opt.equals("groups")) {
                diag.alert(d.location(), Diagnostic.Style.PARSING_TIGHT,
                        "'user' only supports 'password', 'insecure-password' and 'groups' options.");
                return;
            }
        }
    }

    /** True when a {@code keyword name} line was already read in this section. */
    static boolean duplicate(Section s, String keyword, String name) {
        for (Directive prev : s.all(keyword)) {
            if (name.equals(prev.arg(0))) {
                return true;
            }
        }
        return false;
    }
}
