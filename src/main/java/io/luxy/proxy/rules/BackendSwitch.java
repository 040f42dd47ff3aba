package io.luxy.proxy.rules;

import java.util.Map;

import io.luxy.proxy.Backend;
import io.luxy.sample.Condition;
import io.luxy.sample.LogFormat;
import io.luxy.sample.SampleContext;

/**
 * One {@code use_backend NAME [if|unless cond]} line. With a log-format name
 * ({@code use_backend be_%[req.hdr(host)]}) the backend is looked up per request in
 * {@code backends}; {@code backend} is then null.
 */
public record BackendSwitch(Backend backend, LogFormat dynamicName, Map<String, Backend> backends, Condition condition) {

    /** A static switch. */
    public BackendSwitch(Backend backend, Condition condition) {
        this(backend, null, Map.of(), condition);
    }

    /** The backend this rule names for {@code ctx}: static, or the one whose name the format renders (null when unknown). */
    public Backend target(SampleContext ctx) {
        return dynamicName == null ? backend : backends.get(dynamicName.render(ctx));
    }
}
