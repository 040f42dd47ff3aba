package io.luxy.sample.fetch;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.ArgType;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleFetch;
import io.luxy.sample.SampleType;
import io.luxy.sample.SampleVisitor;
import java.util.List;
import java.util.Map;

/**
 * Body, TLS and response fetches: {@code req.body} (with {@code option http-buffer-request}),
 * {@code ssl_fc}, {@code ssl_fc_sni}, {@code status}, {@code res.hdr}/{@code shdr},
 * {@code res.hdr_cnt}/{@code shdr_cnt}, {@code res.fhdr} (doc 7.3.4, 7.3.6). Response header
 * values split at commas like {@code req.hdr}.
 */
final class MessageFetches {

    private MessageFetches() {
    }

    static void register(Map<String, SampleFetch> m) {
        m.put("req.body", FetchDef.of(SampleType.BIN, ArgSpec.NONE, (ctx, a) -> {
            String b = ctx.requestBody();
            return b == null ? null : Sample.bin(b.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }));
        m.put("ssl_fc", FetchDef.of(SampleType.BOOL, ArgSpec.NONE, (ctx, a) -> Sample.bool(ctx.ssl())));
        m.put("ssl_fc_sni", FetchDef.of(SampleType.STR, ArgSpec.NONE,
                (ctx, a) -> ctx.ssl() && ctx.sni() != null ? Sample.str(ctx.sni()) : null));
        m.put("status", FetchDef.of(SampleType.SINT, ArgSpec.NONE,
                (ctx, a) -> ctx.responseStatus() < 0 ? null : Sample.sint(ctx.responseStatus())));
        ArgSpec hdrArgs = ArgSpec.of(0, ArgType.STR, ArgType.SINT);
        FetchDef hdr = new FetchDef(SampleType.STR, hdrArgs, (ctx, a) -> nth(ctx, a, false), (ctx, a, v) -> each(ctx, a, false, v));
        FetchDef fhdr = new FetchDef(SampleType.STR, hdrArgs, (ctx, a) -> nth(ctx, a, true), (ctx, a, v) -> each(ctx, a, true, v));
        FetchDef cnt = FetchDef.of(SampleType.SINT, ArgSpec.of(0, ArgType.STR), (ctx, a) -> ctx.responseStatus() < 0 ? null
                : Sample.sint(HeaderFetches.count(ctx.responseHeaders(), a.isEmpty() || a.get(0).isEmpty() ? null : a.get(0), false)));
        m.put("res.hdr", hdr);
        m.put("shdr", hdr);
        m.put("res.fhdr", fhdr);
        m.put("res.hdr_cnt", cnt);
        m.put("shdr_cnt", cnt);
    }

    private static Sample nth(SampleContext ctx, List<String> a, boolean full) {
        return ctx.responseStatus() < 0 ? null : HeaderFetches.nth(ctx.responseHeaders(), a, full);
    }

    private static boolean each(SampleContext ctx, List<String> a, boolean full, SampleVisitor v) {
        return ctx.responseStatus() >= 0 && HeaderFetches.each(ctx, ctx.responseHeaders(), a, full, v);
    }
}
