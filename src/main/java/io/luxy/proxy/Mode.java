package io.luxy.proxy;

/** A proxy's {@code mode}: tcp or http (HAProxy's default is tcp). */
public enum Mode { TCP, HTTP }
