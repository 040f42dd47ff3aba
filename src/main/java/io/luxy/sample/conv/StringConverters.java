package io.luxy.sample.conv;

import io.luxy.sample.ArgSpec;
import io.luxy.sample.ArgType;
import io.luxy.sample.Converter;
import io.luxy.sample.Sample;
import io.luxy.sample.SampleContext;
import io.luxy.sample.SampleType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code lower}, {@code upper}, {@code length}, {@code field}, {@code word}, {@code bytes}, {@code concat} (doc 7.3.1, src/sample.c). */
final class StringConverters {

    private StringConverters() {
    }

    static void register(Map<String, Converter> m) {
        m.put("lower", new ConvDef(SampleType.STR, SampleType.STR, ArgSpec.NONE, (in, a, c) -> Sample.str(ascii((String) in.value(), false))));
        m.put("upper", new ConvDef(SampleType.STR, SampleType.STR, ArgSpec.NONE, (in, a, c) -> Sample.str(ascii((String) in.value(), true))));
        m.put("length", new ConvDef(SampleType.STR, SampleType.SINT, ArgSpec.NONE, (in, a, c) -> Sample.sint(((String) in.value()).length())));
        ArgSpec fieldArgs = ArgSpec.of(2, ArgType.SINT, ArgType.STR, ArgType.SINT).validatedBy(StringConverters::checkField);
        m.put("field", new ConvDef(SampleType.STR, SampleType.STR, fieldArgs, (in, a, c) -> field((String) in.value(), a, false)));
        m.put("word", new ConvDef(SampleType.STR, SampleType.STR, fieldArgs, (in, a, c) -> field((String) in.value(), a, true)));
        m.put("bytes", new ConvDef(SampleType.BIN, SampleType.BIN, ArgSpec.of(1, ArgType.SINT, ArgType.SINT), StringConverters::bytes));
        m.put("concat", new ConvDef(SampleType.STR, SampleType.STR, ArgSpec.of(0, ArgType.STR, ArgType.STR, ArgType.STR)
                .validatedBy(StringConverters::checkConcat), StringConverters::concat));
    }

    /** toupper/tolower in the C locale: ASCII letters only. */
    private static String ascii(String s, boolean upper) {
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char d = upper ? (c >= 'a' && c <= 'z' ? (char) (c - 32) : c) : (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            if (d != c) {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[i] = d;
            }
        }
        return out == null ? s : new String(out);
    }

    private static String checkField(List<String> a) {
        return Long.parseLong(a.get(0)) == 0 ? "Unexpected value 0 for index" : null;
    }

    private static String checkConcat(List<String> a) {
        if (a.size() > 1 && !a.get(1).isEmpty()) {
            return io.luxy.sample.Vars.validName(a.get(1)) ? null : "failed to register variable name '" + a.get(1) + "'";
        }
        return null;
    }

    /**
     * sample_conv_field / sample_conv_word: fields split by any char of the delimiter set, 1-based,
     * negative from the end; {@code count} (default 1, 0 = all) fields are kept with their
     * separators. Words skip empty fields. A missing field fails (verified 2.6.12: {@code field(9,:),length} prints nothing).
     */
    static Sample field(String s, List<String> a, boolean words) {
        long idx = Long.parseLong(a.get(0));
        String delims = a.get(1);
        long count = a.size() > 2 ? Long.parseLong(a.get(2)) : 1;
        int n = s.length();
        int[] starts = new int[8];
        int[] ends = new int[8];
        int k = 0;
        int pos = 0;
        while (pos <= n) {
            int e = pos;
            while (e < n && delims.indexOf(s.charAt(e)) < 0) {
                e++;
            }
            if (!words || e > pos) {
                if (k == starts.length) {
                    starts = Arrays.copyOf(starts, k * 2);
                    ends = Arrays.copyOf(ends, k * 2);
                }
                starts[k] = pos;
                ends[k] = e;
                k++;
            }
            pos = e + 1;
        }
        long first = idx > 0 ? idx - 1 : k + idx;
        if (first < 0 || first >= k) {
            return null;
        }
        long last;
        if (idx > 0) {
            last = count == 0 ? k - 1 : Math.min(k - 1, first + count - 1);
        } else {
            long lo = count == 0 ? 0 : Math.max(0, first - count + 1);
            last = first;
            first = lo;
        }
        return Sample.str(s.substring(starts[(int) first], ends[(int) last]));
    }

    /** bytes(offset[,length]) on binary input; an offset past the end gives an empty result. */
    private static Sample bytes(Sample in, List<String> a, SampleContext ctx) {
        byte[] b = (byte[]) in.value();
        long off = Long.parseLong(a.get(0));
        if (off < 0) {
            return null;
        }
        if (off >= b.length) {
            return Sample.bin(new byte[0]);
        }
        long len = a.size() > 1 ? Long.parseLong(a.get(1)) : b.length - off;
        if (len < 0) {
            return null;
        }
        int end = (int) Math.min(b.length, off + len);
        return Sample.bin(Arrays.copyOfRange(b, (int) off, end));
    }

    /** concat([start],[var],[end]): an unset variable contributes nothing (verified 2.6.12: "a<>"). */
    private static Sample concat(Sample in, List<String> a, SampleContext ctx) {
        StringBuilder sb = new StringBuilder((String) in.value());
        if (!a.isEmpty()) {
            sb.append(a.get(0));
        }
        if (a.size() > 1 && !a.get(1).isEmpty()) {
            Sample v = ctx.vars().get(a.get(1));
            if (v != null) {
                sb.append(v.asString());
            }
        }
        if (a.size() > 2) {
            sb.append(a.get(2));
        }
        return Sample.str(sb.toString());
    }
}
