package io.luxy.lua.engine;

/** What an invocation is waiting for while it does not hold its state's lock. */
public enum WaitReason { RUNNING, LOCK, SOCKET_CONNECT, SOCKET_RECV, SOCKET_SEND, SLEEP, APPLET_RECV, APPLET_SEND }
