package io.luxy.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates configuration alerts and warnings, in the order found. A configuration with at
 * least one alert is invalid (HAProxy: "Fatal errors found in configuration.").
 */
public final class Diagnostics {

    private final List<Diagnostic> entries = new ArrayList<>();
    private boolean aborted;

    /** Records a fatal error at a location (may be null for whole-config errors). */
    public void alert(Location location, String message) {
        entries.add(new Diagnostic(Diagnostic.Level.ALERT, location, message));
    }

    /** Records a warning at a location (may be null). */
    public void warning(Location location, String message) {
        entries.add(new Diagnostic(Diagnostic.Level.WARNING, location, message));
    }

    /** Records a fatal error printed with one of HAProxy's other location prefixes. */
    public void alert(Location location, Diagnostic.Style style, String message) {
        entries.add(new Diagnostic(Diagnostic.Level.ALERT, location, message, style));
    }

    /** Records a warning printed with one of HAProxy's other location prefixes. */
    public void warning(Location location, Diagnostic.Style style, String message) {
        entries.add(new Diagnostic(Diagnostic.Level.WARNING, location, message, style));
    }

    /**
     * Records an alert after which HAProxy stops reading the configuration (ERR_ABORT, e.g. a
     * malformed {@code http-request} rule): the parser reads no further line.
     */
    public void abort(Location location, Diagnostic.Style style, String message) {
        alert(location, style, message);
        aborted = true;
    }

    /** True once {@link #abort} was called: HAProxy exits right after "Error(s) found in configuration file". */
    public boolean aborted() {
        return aborted;
    }

    /** Adds every entry of another collection, keeping order. */
    public void addAll(Diagnostics other) {
        entries.addAll(other.entries);
        aborted |= other.aborted;
    }

    /** True when at least one alert was recorded. */
    public boolean hasAlerts() {
        return entries.stream().anyMatch(d -> d.level() == Diagnostic.Level.ALERT);
    }

    /** All entries in order. */
    public List<Diagnostic> all() {
        return List.copyOf(entries);
    }

    /** The alerts only. */
    public List<Diagnostic> alerts() {
        return entries.stream().filter(d -> d.level() == Diagnostic.Level.ALERT).toList();
    }

    /** The warnings only. */
    public List<Diagnostic> warnings() {
        return entries.stream().filter(d -> d.level() == Diagnostic.Level.WARNING).toList();
    }
}
