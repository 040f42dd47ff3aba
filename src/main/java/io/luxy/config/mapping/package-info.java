/**
 * The {@code @ConfigMapping(prefix = "luxy")} tree: a typed, read-only view of haproxy.cfg as
 * projected by {@link io.luxy.config.HaproxyConfigSource}, overridable from application.properties
 * and the environment. Runtime code reads the AST after {@link io.luxy.config.ConfigOverrides}.
 */
package io.luxy.config.mapping;
