package io.luxy.proxy.http;

/** Character classes of HTTP/1 (RFC 9110 5.6.2 tchar, as HAProxy's {@code HTTP_IS_TOKEN}; SP and HT). */
final class H1Chars {

    private static final boolean[] TOKEN = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private H1Chars() {
    }

    /** True for a tchar. */
    static boolean isToken(byte b) {
        return TOKEN[b & 0xff];
    }

    /** True for SP or HT. */
    static boolean isSpHt(byte b) {
        return b == ' ' || b == '\t';
    }
}
