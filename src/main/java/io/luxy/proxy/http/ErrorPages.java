package io.luxy.proxy.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * HAProxy 2.6's built-in error responses (src/http_htx.c {@code http_err_msgs}): status, reason
 * and the small HTML body, sent with {@code cache-control: no-cache} and {@code content-type: text/html}.
 */
public final class ErrorPages {

    private ErrorPages() {
    }

    /** The reason phrase HAProxy uses for {@code status}. */
    public static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 407 -> "Unauthorized";
            case 413 -> "Payload Too Large";
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Time-out";
            case 410 -> "Gone";
            case 422 -> "Unprocessable Content";
            case 425 -> "Too Early";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Time-out";
            default -> io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
        };
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "Your browser sent an invalid request.";
            case 200 -> "Service ready.";
            case 401 -> "You need a valid user and password to access this content.";
            case 407 -> "You need a valid user and password to access this content.";
            case 413 -> "The request entity exceeds the maximum allowed.";
            case 403 -> "Request forbidden by administrative rules.";
            case 404 -> "The resource could not be found.";
            case 405 -> "A request was made of a resource using a request method not supported by that resource";
            case 408 -> "Your browser didn't send a complete request in time.";
            case 410 -> "The resource is no longer available and will not be available again.";
            case 422 -> "The server cannot process the contained instructions.";
            case 425 -> "Your browser sent early data.";
            case 429 -> "You have sent too many requests in a given amount of time.";
            case 500 -> "An internal server error occurred.";
            case 501 -> "The server does not support the functionality required to fulfill the request.";
            case 502 -> "The server returned an invalid or incomplete response.";
            case 503 -> "No server is available to handle this request.";
            case 504 -> "The server didn't respond in time.";
            default -> "";
        };
    }

    /** The HTML body HAProxy sends for {@code status}. */
    public static String body(int status) {
        return "<html><body><h1>" + status + " " + reason(status) + "</h1>\n" + detail(status) + "\n</body></html>\n";
    }

    /**
     * Sends the error response on {@code resp} (event loop) as HAProxy's stream layer does for
     * 502/503/504 and rule statuses: lower-case header names, connection kept alive.
     */
    public static void send(HttpServerResponse resp, int status) {
        send(resp, status, ErrorFiles.NONE);
    }

    /** Like {@link #send(HttpServerResponse, int)}, but an {@code errorfile} for {@code status} in {@code files} wins. */
    public static void send(HttpServerResponse resp, int status, ErrorFiles files) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        ErrorFiles.Page page = files.page(status);
        if (page != null) {
            page.send(resp);
            return;
        }
        Buffer b = Buffer.buffer(body(status));
        resp.setStatusCode(status).setStatusMessage(reason(status));
        resp.headers().set("content-length", Integer.toString(b.length()))
                .set("cache-control", "no-cache")
                .set("content-type", "text/html");
        resp.end(b);
    }

    /**
     * Sends the answer of HAProxy's HTTP/1 parser to a request it refused or that timed out
     * (400, 408): HAProxy's mux writes these with capitalised header names and
     * {@code Connection: close}, then closes the connection.
     */
    public static void sendParserError(HttpServerResponse resp, int status, ErrorFiles files) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        ErrorFiles.Page page = files.page(status);
        if (page != null) {
            page.send(resp);
        } else {
            Buffer b = Buffer.buffer(body(status));
            resp.setStatusCode(status).setStatusMessage(reason(status));
            resp.headers().set("Content-length", Integer.toString(b.length()))
                    .set("Cache-Control", "no-cache")
                    .set("Connection", "close")
                    .set("Content-Type", "text/html");
            resp.end(b);
        }
        resp.close();
    }

    /**
     * The bytes of {@link #sendParserError} for {@code status}, for writing straight on a
     * connection whose request never completed (400, 408, 413, 422): the {@code errorfile} page when
     * one is set. HAProxy's 413 and 422 pages carry no {@code Connection: close} (the connection
     * closes all the same).
     */
    static byte[] rawParserError(int status, ErrorFiles files) {
        StringBuilder sb = new StringBuilder(256);
        ErrorFiles.Page page = files.page(status);
        byte[] body;
        if (page != null) {
            sb.append("HTTP/1.1 ").append(page.status()).append(' ').append(page.reason()).append("\r\n");
            for (var h : page.headers()) {
                sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            body = page.body().getBytes();
        } else {
            body = body(status).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            sb.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                    .append("Content-length: ").append(body.length).append("\r\n")
                    .append(status == 413 || status == 422 ? "Cache-Control: no-cache\r\n" : "Cache-Control: no-cache\r\nConnection: close\r\n")
                    .append("Content-Type: text/html\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] out = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }
}
