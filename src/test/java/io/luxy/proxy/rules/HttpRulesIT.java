package io.luxy.proxy.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.luxy.support.LuxyTestBase;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;
import io.vertx.core.http.HttpServer;

/**
 * http-request actions, ACL families and use_backend over real sockets: a Vert.x backend on
 * loopback echoes the method, URI and headers it received (as response headers x-m, x-u and
 * x-h-NAME), so every change a rule makes is observed where HAProxy would make it: at the server.
 */
class HttpRulesIT extends LuxyTestBase {

    private int port;

    private int echo(String tag) throws Exception {
        HttpServer srv = vertx().createHttpServer().requestHandler(req -> {
            var resp = req.response().putHeader("x-be", tag).putHeader("x-m", req.method().name()).putHeader("x-u", req.uri());
            req.headers().forEach(h -> resp.headers().add("x-h-" + h.getKey().toLowerCase(), h.getValue()));
            resp.end("ok");
        });
        return srv.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
    }

    @BeforeEach
    void start() throws Exception {
        RestAssured.config = RestAssured.config().redirect(RedirectConfig.redirectConfig().followRedirects(false));
        int a = echo("a");
        int b = echo("b");
        port = freePort();
        startProxy("""
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%d
                    acl is_api path_beg /api
                    acl is_api path_end .json
                    http-request deny deny_status 429 if { path /limited }
                    http-request return status 201 content-type text/plain lf-string "m=%%[method] q=%%[query]" hdr X-R "r%%[path]" if { path /ret }
                    http-request redirect location /new code 301 if { path /r1 }
                    http-request redirect prefix /pre drop-query if { path_beg /r2 }
                    http-request redirect scheme https if { path /r3 }
                    http-request redirect prefix / append-slash if { path_dir r4 }
                    http-request set-header X-Set %%[req.hdr(x-in),upper]
                    http-request add-header X-Add one
                    http-request add-header X-Add two
                    http-request del-header X-Drop
                    http-request del-header X-Pre- -m beg
                    http-request replace-header X-Rep ^(\\w+)-(\\w+)$ \\2-\\1
                    http-request replace-value X-Val ^a(.*) z\\1
                    http-request set-var(txn.who) req.hdr(x-in),lower
                    http-request set-var-fmt(txn.fmt) "<%%[var(txn.who)]>"
                    http-request set-header X-Var %%[var(txn.fmt)]
                    http-request unset-var(txn.who)
                    http-request set-header X-Unset %%[var(txn.who)]
                    http-request set-path /rewritten%%[path] if { path_beg /sp }
                    http-request set-query x=1 if { path /sq }
                    http-request set-method PUT if { path /sm }
                    http-request set-uri /u?k=v if { path /su }
                    http-request set-log-level silent if { path /quiet }
                    http-request set-header X-Api yes if is_api
                    http-request set-header X-Sub yes if { hdr_sub(x-in) mid } !{ hdr_beg(x-in) no }
                    http-request set-header X-Reg yes if { path_reg ^/re[0-9]+$ } || { url_sub zzz }
                    http-request set-header X-Param %%[url_param(p)] if { url_param(p) -m found }
                    http-request set-header X-Cnt %%[hdr_cnt(x-add)]
                    http-request set-header X-Cook %%[req.cook(c2)] if { req.cook(c1) -m str a }
                    http-request set-header X-Map %%[path,regsub(^/,),lower]
                    use_backend be_%%[req.hdr(x-backend)] if { req.hdr(x-backend) -m found }
                    use_backend be_b if { path_beg /b/ }
                    default_backend be_a
                backend be_a
                    server s 127.0.0.1:%d
                backend be_b
                    server s 127.0.0.1:%d
                """.formatted(port, a, b));
    }

    @Test
    void headerActions_reachTheServer() {
        given().port(port).header("X-In", "aBmidc").header("X-Drop", "1").header("X-Pre-One", "1").header("X-Rep", "left-right")
                .header("X-Val", "abc, def, axy").when().get("/p")
                .then().statusCode(200)
                .header("x-h-x-set", "ABMIDC")
                .header("x-h-x-drop", nullValue())
                .header("x-h-x-pre-one", nullValue())
                .header("x-h-x-rep", "right-left")
                .header("x-h-x-val", "zbc, def, zxy")
                .header("x-h-x-var", "<abmidc>")
                .header("x-h-x-unset", "")
                .header("x-h-x-sub", "yes")
                .header("x-h-x-cnt", "2")
                .header("x-h-x-map", "p");
    }

    @Test
    void requestLineActions_reachTheServer() {
        given().port(port).get("/sp/a?q=1").then().header("x-u", "/rewritten/sp/a?q=1");
        given().port(port).get("/sq").then().header("x-u", "/sq?x=1");
        given().port(port).get("/sm").then().header("x-m", "PUT");
        given().port(port).get("/su").then().header("x-u", "/u?k=v");
    }

    @Test
    void finalActions_answerWithoutTheServer() {
        given().port(port).get("/limited").then().statusCode(429).header("x-be", nullValue());
        given().port(port).get("/ret?a=b").then().statusCode(201).body(equalTo("m=GET q=a=b")).header("X-R", "r/ret")
                .header("content-type", "text/plain");
        given().port(port).get("/r1").then().statusCode(301).header("location", "/new").header("cache-control", nullValue());
        given().port(port).get("/r2/a?q=1").then().statusCode(302).header("location", "/pre/r2/a").header("cache-control", "no-cache");
        given().port(port).header("Host", "example.com").get("/r3?z=1").then().statusCode(302).header("location", "https://example.com/r3?z=1");
        given().port(port).get("/x/r4/b").then().statusCode(302).header("location", "/x/r4/b/");
    }

    @Test
    void aclFamilies_selectRules() {
        given().port(port).get("/api/v1").then().header("x-h-x-api", "yes");
        given().port(port).get("/data.json").then().header("x-h-x-api", "yes");
        given().port(port).get("/data.xml").then().header("x-h-x-api", nullValue());
        given().port(port).header("X-In", "nomid").get("/p").then().header("x-h-x-sub", nullValue());
        given().port(port).get("/re42").then().header("x-h-x-reg", "yes");
        given().port(port).get("/rex").then().header("x-h-x-reg", nullValue());
        given().port(port).get("/p?zzz").then().header("x-h-x-reg", "yes");
        given().port(port).get("/p?p=7&q").then().header("x-h-x-param", "7");
        given().port(port).header("Cookie", "c1=a; c2=bee").get("/p").then().header("x-h-x-cook", "bee");
        given().port(port).header("Cookie", "c1=b; c2=bee").get("/p").then().header("x-h-x-cook", nullValue());
    }

    @Test
    void useBackend_staticDynamicAndUnknownFallsBackToDefault() {
        given().port(port).get("/b/x").then().header("x-be", "b");
        given().port(port).get("/x").then().header("x-be", "a");
        given().port(port).header("X-Backend", "b").get("/x").then().header("x-be", "b");
        given().port(port).header("X-Backend", "nope").get("/b/x").then().header("x-be", "a");
    }
}
