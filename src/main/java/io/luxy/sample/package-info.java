/**
 * HAProxy's sample subsystem (doc/configuration.txt section 7): typed samples, fetches and
 * converters by HAProxy name ({@link io.luxy.sample.SampleRegistry}), sample expressions
 * ({@link io.luxy.sample.SampleExpr}), ACLs and {@code if}/{@code unless} conditions
 * ({@link io.luxy.sample.Acl}, {@link io.luxy.sample.Condition}) and log-format strings
 * ({@link io.luxy.sample.LogFormat}). Everything is resolved at parse time; evaluation only
 * reads a {@link io.luxy.sample.SampleContext}.
 */
package io.luxy.sample;
