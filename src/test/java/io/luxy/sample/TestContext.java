package io.luxy.sample;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A hand-built stream for sample tests: addresses, an optional HTTP request, and variables. */
final class TestContext implements SampleContext {

    private InetSocketAddress src = new InetSocketAddress("127.0.0.1", 40000);
    private InetSocketAddress dst = new InetSocketAddress("127.0.0.1", 18931);
    private String method;
    private String uri;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private final Vars vars = Vars.standalone(new ConcurrentHashMap<>());

    /** A TCP stream (no HTTP request). */
    static TestContext tcp() {
        return new TestContext();
    }

    /** An HTTP request with this method and URI. */
    static TestContext http(String method, String uri) {
        TestContext c = new TestContext();
        c.method = method;
        c.uri = uri;
        return c;
    }

    /** The request used for the HAProxy golden run: two x-a lines, cookies, a Host. */
    static TestContext goldenRequest() {
        return http("GET", "/p/q?a=1&b=2")
                .header("Host", "example.com")
                .header("x-a", "1, 2")
                .header("x-a", "3")
                .header("Cookie", "c1=a; c2=b");
    }

    TestContext header(String name, String value) {
        headers.add(Map.entry(name, value));
        return this;
    }

    TestContext source(String ip, int port) {
        src = new InetSocketAddress(ip, port);
        return this;
    }

    TestContext var(String name, Sample value) {
        vars.set(name, value);
        return this;
    }

    @Override
    public InetSocketAddress source() {
        return src;
    }

    @Override
    public InetSocketAddress destination() {
        return dst;
    }

    @Override
    public boolean hasHttpRequest() {
        return method != null;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public List<Map.Entry<String, String>> requestHeaders() {
        return headers;
    }

    @Override
    public Vars vars() {
        return vars;
    }
}
