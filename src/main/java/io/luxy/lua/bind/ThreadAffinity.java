package io.luxy.lua.bind;

/**
 * Implemented by streams that know which event loop accepted them, so that a
 * {@code lua-load-per-thread} function runs in that loop's state.
 */
public interface ThreadAffinity {
    /** 0-based index of the accepting event loop. */
    int threadIndex();
}
