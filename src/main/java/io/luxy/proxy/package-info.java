/**
 * The data path: frontends bound with Vert.x servers, rules in HAProxy's order, backends with
 * their servers and balancing, and forwarding (DESIGN.md "The flow of one request").
 */
package io.luxy.proxy;
