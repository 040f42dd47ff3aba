package io.luxy.proxy.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.luxy.config.Directive;
import io.luxy.config.Section;

/**
 * A frontend's {@code capture request header NAME len N} and {@code capture response header NAME
 * len N} lines (HAProxy doc/configuration.txt 4.2 "capture request header"), applied to a header
 * list: one value per line in declaration order, the last occurrence of the header winning,
 * truncated to {@code len} characters, "" when the header is absent (src/http_ana.c
 * {@code http_capture_headers}). The values are what {@code option httplog} prints as
 * {@code %hr}/{@code %hs} ({@code {v1|v2}}). Immutable; the request path allocates one small
 * list per stream only when captures are declared.
 */
public final class Captures {

    /** No captures. */
    public static final Captures NONE = new Captures(new String[0], new int[0], new String[0], new int[0]);

    private final String[] requestNames;
    private final int[] requestLens;
    private final String[] responseNames;
    private final int[] responseLens;

    private Captures(String[] requestNames, int[] requestLens, String[] responseNames, int[] responseLens) {
        this.requestNames = requestNames;
        this.requestLens = requestLens;
        this.responseNames = responseNames;
        this.responseLens = responseLens;
    }

    /** The captures of section {@code s} (frontend or listen; lines were checked by the keyword parser). */
    public static Captures from(Section s) {
        List<String> reqN = new ArrayList<>();
        List<Integer> reqL = new ArrayList<>();
        List<String> resN = new ArrayList<>();
        List<Integer> resL = new ArrayList<>();
        for (Directive d : s.all("capture")) {
            if (d.args().size() >= 5 && "header".equals(d.arg(1)) && "len".equals(d.arg(3))) {
                boolean request = "request".equals(d.arg(0));
                (request ? reqN : resN).add(d.arg(2));
                (request ? reqL : resL).add(RuleKeywords.atoi(d.arg(4)));
            }
        }
        if (reqN.isEmpty() && resN.isEmpty()) {
            return NONE;
        }
        return new Captures(reqN.toArray(String[]::new), reqL.stream().mapToInt(Integer::intValue).toArray(),
                resN.toArray(String[]::new), resL.stream().mapToInt(Integer::intValue).toArray());
    }

    /** True when no {@code capture request header} is declared. */
    public boolean noRequestCaptures() {
        return requestNames.length == 0;
    }

    /** True when no {@code capture response header} is declared. */
    public boolean noResponseCaptures() {
        return responseNames.length == 0;
    }

    /** The request captures of {@code headers} (for {@code LogEntry.requestCaptures}), or null when none are declared. */
    public List<String> request(List<Map.Entry<String, String>> headers) {
        return capture(requestNames, requestLens, headers);
    }

    /** The response captures of {@code headers} (for {@code LogEntry.responseCaptures}), or null when none are declared. */
    public List<String> response(List<Map.Entry<String, String>> headers) {
        return capture(responseNames, responseLens, headers);
    }

    private static List<String> capture(String[] names, int[] lens, List<Map.Entry<String, String>> headers) {
        if (names.length == 0) {
            return null;
        }
        String[] out = new String[names.length];
        for (Map.Entry<String, String> h : headers) {
            for (int i = 0; i < names.length; i++) {
                if (h.getKey().equalsIgnoreCase(names[i])) {
                    String v = h.getValue();
                    out[i] = v.length() > lens[i] ? v.substring(0, lens[i]) : v;
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = "";
            }
        }
        return List.of(out);
    }
}
