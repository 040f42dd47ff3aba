package io.luxy.proxy.rules;

import io.luxy.config.Location;
import io.luxy.sample.Condition;

/** One {@code tcp-request content} or {@code tcp-response content} line: its action, its condition (null = always) and location. */
public record TcpRule(TcpAction action, Condition condition, Location location) {
}
