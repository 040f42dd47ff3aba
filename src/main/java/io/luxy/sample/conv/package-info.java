/**
 * Built-in HAProxy 2.6 sample converters (doc/configuration.txt section 7.3.1): hashes, case,
 * encodings, arithmetic, string slicing and address masks. Only
 * {@link io.luxy.sample.conv.BuiltinConverters} is public.
 */
package io.luxy.sample.conv;
