package io.luxy.proxy.tls;

/** A TLS setting that cannot be loaded; the message is HAProxy's text after {@code 'bind ADDR' in section 'frontend' : }. */
public final class TlsConfigException extends Exception {

    /** An error with HAProxy's wording. */
    public TlsConfigException(String message) {
        super(message, null, false, false);
    }
}
