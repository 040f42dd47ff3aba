package io.luxy.proxy.rules;

import java.util.List;

import io.luxy.lua.engine.Registrations;

/**
 * The {@code tcp-request content} and {@code tcp-response content} actions Luxy implements (HAProxy
 * doc/configuration.txt 4.2 "tcp-request content", "tcp-response content").
 */
public sealed interface TcpAction {

    /** {@code use-service lua.NAME}: hands the connection to a TCP Lua service. */
    record UseService(Registrations.Entry service) implements TcpAction {
    }

    /** {@code accept}: stops evaluating the rules. */
    record Accept() implements TcpAction {
    }

    /** {@code reject}: closes the connection. */
    record Reject() implements TcpAction {
    }

    /** {@code close} ({@code tcp-response content} only): closes the server connection once the data already there reached the client. */
    record Close() implements TcpAction {
    }

    /** {@code lua.NAME [args]}: runs a registered Lua action. */
    record Lua(Registrations.Entry action, List<String> args) implements TcpAction {
    }
}
