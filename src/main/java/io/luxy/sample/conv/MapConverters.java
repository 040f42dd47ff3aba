package io.luxy.sample.conv;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.ArgType;
import io.luxy.sample.Casts;
import io.luxy.sample.Converter;
import io.luxy.sample.MapFile;
import io.luxy.sample.Maps;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleParseException;
import io.luxy.sample.SampleType;
import java.util.List;
import java.util.Map;

/**
 * {@code map(file[,default])} and {@code map_<match>[_<output>](file[,default])} (doc 7.3.1 "map"):
 * match is str, beg, sub, dir, dom, end, reg, int or ip; output str (default), int or ip; and
 * {@code map_regm}, whose values may use the key's regex groups ({@code \1}). The
 * file is loaded when the expression is parsed, through the generation's {@link Maps}, and
 * checked for the match; a sample without a matching key gives the default, or fails.
 */
public final class MapConverters {

    private static final String[] MATCHES = {"str", "beg", "sub", "dir", "dom", "end", "reg", "int", "ip"};

    private MapConverters() {
    }

    /** Registers every map converter over the generation's maps. */
    public static void register(Map<String, Converter> m, Maps maps) {
        for (String match : MATCHES) {
            MapFile.Match mm = MapFile.Match.valueOf(match.toUpperCase(java.util.Locale.ROOT));
            for (String out : new String[] {"str", "int", "ip"}) {
                Converter c = converter(maps, mm, out);
                m.put("map_" + match + (out.equals("str") ? "" : "_" + out), c);
                if (match.equals("str")) {
                    m.put(out.equals("str") ? "map" : "map_str_" + out, c);
                }
            }
        }
        m.put("map_regm", regm(maps));
    }

    /** {@code map_regm(file[,default])}: map_reg whose value's {@code \N} are replaced by the matching key's groups. */
    private static Converter regm(Maps maps) {
        ArgSpec spec = ArgSpec.of(1, ArgType.STR, ArgType.STR).validatedBy(a -> check(maps, MapFile.Match.REG, "str", a));
        return new ConvDef(SampleType.STR, SampleType.STR, spec, (s, a, ctx) -> {
            MapFile f = maps.get(a.get(0));
            String v = f == null ? null : f.lookupRegm(s);
            if (v == null) {
                v = a.size() > 1 ? a.get(1) : null;
            }
            return v == null ? null : Sample.str(v);
        });
    }

    private static Converter converter(Maps maps, MapFile.Match match, String out) {
        SampleType in = match == MapFile.Match.INT ? SampleType.SINT : match == MapFile.Match.IP ? null : SampleType.STR;
        SampleType outType = out.equals("int") ? SampleType.SINT : out.equals("ip") ? SampleType.IPV4 : SampleType.STR;
        ArgSpec spec = ArgSpec.of(1, ArgType.STR, ArgType.STR).validatedBy(a -> check(maps, match, out, a));
        return new ConvDef(in, outType, spec, (s, a, ctx) -> {
            MapFile f = maps.get(a.get(0));
            String v = f == null ? null : f.lookup(match, s);
            if (v == null) {
                v = a.size() > 1 ? a.get(1) : null;
            }
            return v == null ? null : output(v, out);
        });
    }

    private static Sample output(String v, String out) {
        return switch (out) {
            case "int" -> {
                Long l = ArgType.parseSint(v);
                yield l == null ? null : Sample.sint(l);
            }
            case "ip" -> {
                byte[] a = io.luxy.sample.IpAddr.parseV4(v);
                if (a == null) {
                    a = io.luxy.sample.IpAddr.parseV6(v);
                }
                yield a == null ? null : Casts.address(a);
            }
            default -> Sample.str(v);
        };
    }

    private static String check(Maps maps, MapFile.Match match, String out, List<String> a) {
        try {
            MapFile f = maps.load(a.get(0));
            String err = f.check(match, out.equals("int"));
            if (err == null && a.size() > 1 && out.equals("int") && ArgType.parseSint(a.get(1)) == null) {
                err = "cannot parse default value '" + a.get(1) + "' as integer";
            }
            return err;
        } catch (SampleParseException e) {
            return e.getMessage();
        }
    }
}
