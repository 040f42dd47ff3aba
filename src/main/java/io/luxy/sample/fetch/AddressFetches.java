package io.luxy.sample.fetch;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.Casts;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleFetch;
import io.luxy.sample.SampleType;
import java.net.InetSocketAddress;
import java.util.Map;

/** Layer-4 fetches {@code src}, {@code src_port}, {@code dst}, {@code dst_port} (doc 7.3.3). */
final class AddressFetches {

    private AddressFetches() {
    }

    static void register(Map<String, SampleFetch> m) {
        // out_type is SMP_T_IPV4 in HAProxy's table; IPv6 clients yield IPV6 samples.
        m.put("src", FetchDef.of(SampleType.IPV4, ArgSpec.NONE, (ctx, a) -> address(ctx.source())));
        m.put("dst", FetchDef.of(SampleType.IPV4, ArgSpec.NONE, (ctx, a) -> address(ctx.destination())));
        m.put("src_port", FetchDef.of(SampleType.SINT, ArgSpec.NONE, (ctx, a) -> port(ctx.source())));
        m.put("dst_port", FetchDef.of(SampleType.SINT, ArgSpec.NONE, (ctx, a) -> port(ctx.destination())));
    }

    private static Sample address(InetSocketAddress a) {
        if (a == null || a.getAddress() == null) {
            return null;
        }
        return Casts.address(a.getAddress().getAddress());
    }

    private static Sample port(InetSocketAddress a) {
        return a == null ? null : Sample.sint(a.getPort());
    }
}
