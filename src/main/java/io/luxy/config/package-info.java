/**
 * haproxy.cfg → AST → SmallRye: {@link io.luxy.config.CfgParser} reads HAProxy 2.6 syntax into a
 * {@link io.luxy.config.ConfigFile} (every directive with file:line), keywords are checked through the
 * {@link io.luxy.config.KeywordRegistry} that the proxy and Lua packages fill, the
 * {@link io.luxy.config.Validator} runs HAProxy's cross-reference checks, and every problem is a
 * {@link io.luxy.config.Diagnostic} worded as HAProxy words it; {@link io.luxy.config.HaproxyConfigSource}
 * projects the AST onto {@code luxy.*} properties and {@link io.luxy.config.ConfigOverrides} folds
 * higher-ordinal overrides back into the AST. This package depends on no other Luxy package.
 */
package io.luxy.config;
