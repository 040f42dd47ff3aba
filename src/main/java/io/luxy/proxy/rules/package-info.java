/**
 * Rule sets in HAProxy's order: {@code tcp-request content}, {@code http-request}, and
 * {@code use_backend}, each an action with an optional {@code if}/{@code unless} condition.
 */
package io.luxy.proxy.rules;
