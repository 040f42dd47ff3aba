/**
 * HAProxy's {@code userlist} sections (doc/configuration.txt 3.4 "Userlists"): the keywords
 * {@code user} and {@code group} with HAProxy 2.6's messages, and the per-generation model
 * ({@link io.luxy.proxy.auth.Userlists}, {@link io.luxy.proxy.auth.Userlist}) that the
 * {@code http_auth*} sample fetches check Basic credentials against.
 */
package io.luxy.proxy.auth;
