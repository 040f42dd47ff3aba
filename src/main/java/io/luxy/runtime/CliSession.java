package io.luxy.runtime;

/**
 * The state of one runtime API connection: its access level (lowered by {@code operator} and
 * {@code user}), interactive mode ({@code prompt}) and idle timeout ({@code set timeout cli}).
 */
public final class CliSession {

    /** HAProxy's CLI access levels, lowest first. */
    public enum Level {
        /** Read-only, non-sensitive information. */
        USER,
        /** Also changes that don't affect the service (maps, clear counters). */
        OPERATOR,
        /** Everything. */
        ADMIN;

        /** The level named {@code s} (user, operator, admin), or null. */
        public static Level of(String s) {
            return switch (s) {
                case "user" -> USER;
                case "operator" -> OPERATOR;
                case "admin" -> ADMIN;
                default -> null;
            };
        }
    }

    private Level level;
    private boolean prompt;
    private long timeoutMillis;
    private boolean quit;

    /** A session at {@code level} with idle timeout {@code timeoutMillis}. */
    public CliSession(Level level, long timeoutMillis) {
        this.level = level;
        this.timeoutMillis = timeoutMillis;
    }

    /** Current level. */
    public Level level() {
        return level;
    }

    /** Lowers the level (raising is refused silently, as HAProxy does). */
    public void lower(Level to) {
        if (to.ordinal() < level.ordinal()) {
            level = to;
        }
    }

    /** True when at least {@code needed}. */
    public boolean has(Level needed) {
        return level.ordinal() >= needed.ordinal();
    }

    /** Interactive mode. */
    public boolean prompt() {
        return prompt;
    }

    /** Toggles interactive mode. */
    public void togglePrompt() {
        prompt = !prompt;
    }

    /** Idle timeout in ms. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** Sets the idle timeout in ms. */
    public void timeoutMillis(long ms) {
        this.timeoutMillis = ms;
    }

    /** True once {@code quit} was asked. */
    public boolean quit() {
        return quit;
    }

    /** Asks to close the connection after this command. */
    public void requestQuit() {
        quit = true;
    }
}
