package io.luxy.proxy.rules;

import io.luxy.config.Location;
import io.luxy.sample.Condition;

/** One {@code http-request} line: its action, its condition (null = always) and where it was written. */
public record HttpRule(HttpAction action, Condition condition, Location location) {
}
