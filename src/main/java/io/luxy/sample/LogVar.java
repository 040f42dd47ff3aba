package io.luxy.sample;

import java.util.HashMap;
import java.util.Map;

/**
 * The log-format variables of HAProxy doc/configuration.txt 8.2.4 (the table "%ci", "%ST"...),
 * each with the way {@link LogFormat} prints it. Values come from a {@link LogVariables}: text
 * kinds from {@link LogVariables#logText}, numeric kinds from {@link LogVariables#logNumber}.
 * Constant names are HAProxy's variable names.
 */
public enum LogVar {
    B(Kind.NUMBER), CC(Kind.TEXT), CS(Kind.TEXT), H(Kind.TEXT), HM(Kind.REQUEST), HP(Kind.REQUEST), HPO(Kind.REQUEST),
    HQ(Kind.REQUEST), HU(Kind.REQUEST), HV(Kind.REQUEST), ID(Kind.TEXT), ST(Kind.NUMBER),
    T(Kind.DATE_GMT), Ta(Kind.NUMBER), Tc(Kind.NUMBER), Td(Kind.NUMBER), Th(Kind.NUMBER), Ti(Kind.NUMBER), Tl(Kind.DATE_LOCAL),
    Tq(Kind.NUMBER), TR(Kind.NUMBER), Tr(Kind.NUMBER), Ts(Kind.HEX_NUMBER), Tt(Kind.NUMBER), Tu(Kind.NUMBER), Tw(Kind.NUMBER),
    U(Kind.NUMBER), ac(Kind.NUMBER), b(Kind.TEXT), bc(Kind.NUMBER), bi(Kind.IP), bp(Kind.PORT), bq(Kind.NUMBER),
    ci(Kind.IP), cp(Kind.PORT), f(Kind.TEXT), fc(Kind.NUMBER), fi(Kind.IP), fp(Kind.PORT), ft(Kind.TEXT),
    lc(Kind.HEX_NUMBER), hr(Kind.CAPTURES), hrl(Kind.CAPTURE_LIST), hs(Kind.CAPTURES), hsl(Kind.CAPTURE_LIST),
    ms(Kind.MILLIS), pid(Kind.HEX_NUMBER), r(Kind.REQUEST), rc(Kind.NUMBER), rt(Kind.HEX_NUMBER), s(Kind.TEXT),
    sc(Kind.NUMBER), si(Kind.IP), sp(Kind.PORT), sq(Kind.NUMBER), sslc(Kind.TEXT), sslv(Kind.TEXT),
    t(Kind.DATE_MS), tr(Kind.DATE_MS), trg(Kind.DATE_GMT), trl(Kind.DATE_LOCAL), ts(Kind.RAW), tsc(Kind.RAW),
    /** {@code %o}: not printed, its flags become the default of the variables after it. */
    o(Kind.RAW);

    /** How a variable prints (src/log.c sess_build_logline). */
    public enum Kind {
        /** A string (lf_text: +Q quotes, +E escapes, '-' when missing in a log line). */
        TEXT,
        /** An address: a string, or 8 hex digits with +X. */
        IP,
        /** A port: decimal, or %04X with +X; missing as TEXT. */
        PORT,
        /** A decimal number (timers print -1 for a step that did not happen). */
        NUMBER,
        /** A decimal number, or %04X with +X (%Ts, %rt, %lc, %pid). */
        HEX_NUMBER,
        /** Milliseconds of the accept date, 3 digits, or %02X with +X (%ms). */
        MILLIS,
        /** A date "dd/MMM/yyyy:HH:mm:ss.SSS" in local time (%t, %tr). */
        DATE_MS,
        /** A date "dd/MMM/yyyy:HH:mm:ss +0000" in GMT (%T, %trg). */
        DATE_GMT,
        /** A date "dd/MMM/yyyy:HH:mm:ss +hhmm" in local time (%Tl, %trl). */
        DATE_LOCAL,
        /** Text printed as is, never quoted (%ts, %tsc). */
        RAW,
        /** Part of the request line %r ("&lt;BADREQ&gt;" when there is none). */
        REQUEST,
        /** Captured headers "{a|b}", nothing when none are configured (%hr, %hs). */
        CAPTURES,
        /** Captured headers separated by spaces (%hrl, %hsl). */
        CAPTURE_LIST
    }

    private static final Map<String, LogVar> BY_NAME = new HashMap<>();

    static {
        for (LogVar v : values()) {
            BY_NAME.put(v.name(), v);
        }
    }

    private final Kind kind;

    LogVar(Kind kind) {
        this.kind = kind;
    }

    /** How this variable prints. */
    public Kind kind() {
        return kind;
    }

    /** True for the variables whose value is the accept date (%t, %T, %Tl, %ms, %Ts) rather than the request date. */
    boolean acceptDate() {
        return this == t || this == T || this == Tl || this == ms || this == Ts;
    }

    /** The variable named {@code name} (case-sensitive, "ci", "ST"...), or null. */
    public static LogVar named(String name) {
        return BY_NAME.get(name);
    }
}
