package io.luxy.proxy.rules;

import java.util.List;

import io.luxy.lua.engine.Registrations;
import io.luxy.sample.LogFormat;
import io.luxy.sample.SampleExpr;

/** The {@code http-request} actions Luxy implements (HAProxy doc/configuration.txt 4.2 "http-request"). */
public sealed interface HttpAction {

    /** True when evaluating the rule ends the rule set (a response is produced or the stream handed over). */
    default boolean isFinal() {
        return false;
    }

    /** {@code use-service lua.NAME}: hands the request to an HTTP Lua service. */
    record UseService(Registrations.Entry service) implements HttpAction {
        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /** {@code deny [deny_status N]}: answers with HAProxy's error page for the status (default 403). */
    record Deny(int status) implements HttpAction {
        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /**
     * Ends the stream without a response: a Lua action returned {@code act.DONE} or
     * {@code act.ABORT} (HAProxy 2.6 closes the connection, HAPROXY-LUA-API.md 3.13).
     */
    record Close() implements HttpAction {
        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /** {@code allow}: stops evaluating this rule set; the request goes on. */
    record Allow() implements HttpAction {
    }

    /** {@code return [status N] [content-type T] [string S | lf-string FMT] [hdr N FMT]…}. */
    record Return(int status, String contentType, LogFormat body, List<Header> headers) implements HttpAction {
        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /** A header of a {@code return} rule: name and log-format value. */
    record Header(String name, LogFormat value) {
    }

    /** {@code set-header} (replace = true) or {@code add-header}: name and log-format value. */
    record SetHeader(String name, LogFormat value, boolean replace) implements HttpAction {
    }

    /** {@code del-header NAME}. */
    record DelHeader(String name) implements HttpAction {
    }

    /** {@code set-var(NAME) EXPR}. */
    record SetVar(String name, SampleExpr expr) implements HttpAction {
    }

    /** {@code lua.NAME [args]}: runs a registered Lua action. */
    record Lua(Registrations.Entry action, List<String> args) implements HttpAction {
    }
}
