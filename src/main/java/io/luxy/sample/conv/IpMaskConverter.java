package io.luxy.sample.conv;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.ArgType;
import io.luxy.sample.Casts;
import io.luxy.sample.Converter;
import io.luxy.sample.IpAddr;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import java.util.List;
import java.util.Map;

/** {@code ipmask(mask4[,mask6])}: masks an address; an IPv6 input needs mask6 or the conversion fails (src/sample.c). */
final class IpMaskConverter {

    private IpMaskConverter() {
    }

    static void register(Map<String, Converter> m) {
        // in_type SMP_T_ADDR: IPv4/IPv6 samples as is, strings parsed; out type depends on the input.
        m.put("ipmask", new ConvDef(null, null, ArgSpec.of(1, ArgType.MSK4, ArgType.MSK6), IpMaskConverter::mask));
    }

    private static Sample mask(Sample in, List<String> a, SampleContext ctx) {
        byte[] addr = Casts.addressBytes(in);
        if (addr == null) {
            return null;
        }
        if (addr.length == 4) {
            long m = IpAddr.parseMask4(a.get(0));
            byte[] mb = {(byte) (m >> 24), (byte) (m >> 16), (byte) (m >> 8), (byte) m};
            return Casts.address(IpAddr.and(addr, mb));
        }
        if (a.size() < 2) {
            return null;
        }
        return Casts.address(IpAddr.and(addr, IpAddr.prefixMask(Integer.parseInt(a.get(1)), 16)));
    }
}
