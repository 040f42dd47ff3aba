package io.luxy.proxy.rules;

import io.luxy.proxy.Backend;
import io.luxy.sample.Condition;

/** One {@code use_backend NAME [if|unless cond]} line. */
public record BackendSwitch(Backend backend, Condition condition) {
}
