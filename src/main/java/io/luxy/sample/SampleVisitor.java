package io.luxy.sample;

/** Receives the successive values of a multi-valued fetch during ACL evaluation; returns true to stop (matched). */
@FunctionalInterface
public interface SampleVisitor {

    /** Tests one value; true stops the iteration. */
    boolean visit(Sample sample, SampleContext ctx);
}
