/**
 * HAProxy's traffic logs: {@link io.luxy.proxy.log.AccessLog} reads a frontend's {@code log}
 * targets and format ({@code option httplog}, {@code option tcplog}, {@code log-format}); the data
 * path fills one {@link io.luxy.proxy.log.LogEntry} per stream and calls
 * {@link io.luxy.proxy.log.AccessLog#log}, which formats and sends it to stdout, stderr or UDP
 * syslog without blocking.
 */
package io.luxy.proxy.log;
