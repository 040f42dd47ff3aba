package io.luxy.reload;

import org.jboss.logging.Logger;

/**
 * Process signals as HAProxy's master process reads them: SIGHUP reloads. Uses
 * {@code sun.misc.Signal} (module jdk.unsupported, exported on JDK 25); where the signal cannot
 * be handled (another runtime, or the JVM runs with {@code -Xrs}), a warning is logged and
 * the other ways to reload (file changes, runtime API) still work.
 */
public final class Signals {

    private static final Logger LOG = Logger.getLogger("luxy");

    private Signals() {
    }

    /** Runs {@code action} on each signal {@code name} (e.g. "HUP"); false when not possible. */
    public static boolean on(String name, Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> action.run());
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.warnf("Luxy cannot handle SIG%s: %s", name, e.getMessage());
            return false;
        }
    }
}
