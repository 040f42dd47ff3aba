package io.luxy.config;

/** The section keywords of haproxy.cfg that Luxy knows, in HAProxy's spelling. */
public enum SectionKind {
    GLOBAL("global"),
    DEFAULTS("defaults"),
    FRONTEND("frontend"),
    BACKEND("backend"),
    LISTEN("listen"),
    /** {@code userlist NAME}: users and groups for HTTP authentication (doc/configuration.txt 3.4). */
    USERLIST("userlist");

    private final String keyword;

    SectionKind(String keyword) {
        this.keyword = keyword;
    }

    /** The keyword as written in haproxy.cfg. */
    public String keyword() {
        return keyword;
    }

    /** True for frontend, backend and listen: the sections that declare a proxy. */
    public boolean isProxy() {
        return this == FRONTEND || this == BACKEND || this == LISTEN;
    }

    /** True when the proxy accepts connections (frontend, listen). */
    public boolean hasFrontend() {
        return this == FRONTEND || this == LISTEN;
    }

    /** True when the proxy can hold servers and be a use_backend target (backend, listen). */
    public boolean hasBackend() {
        return this == BACKEND || this == LISTEN;
    }
}
