/**
 * Built-in HAProxy 2.6 sample fetches (doc/configuration.txt sections 7.3.2 to 7.3.6): layer-4
 * addresses, the HTTP request line and headers, variables and literals. Only
 * {@link io.luxy.sample.fetch.BuiltinFetches} is public; {@link io.luxy.sample.SampleRegistry}
 * loads it once.
 */
package io.luxy.sample.fetch;
