package io.luxy.sample;

/** HAProxy's {@code match_word} (src/pattern.c), shared by the {@code dir}/{@code dom} ACL matches and map lookups. */
final class Words {

    private Words() {
    }

    /** match_word (src/pattern.c): the pattern, trimmed of delimiters, delimited on both sides in the sample. */
    static boolean match(String v, String p, String delims, boolean icase) {
        int ps = 0;
        int pe = p.length();
        while (ps < pe && delims.indexOf(p.charAt(ps)) >= 0) {
            ps++;
        }
        while (pe > ps && delims.indexOf(p.charAt(pe - 1)) >= 0) {
            pe--;
        }
        int pl = pe - ps;
        if (pl > v.length()) {
            return false;
        }
        boolean mayMatch = true;
        int last = v.length() - pl;
        for (int c = 0; c <= last; c++) {
            if (delims.indexOf(v.charAt(c)) >= 0) {
                mayMatch = true;
                continue;
            }
            if (!mayMatch) {
                continue;
            }
            if (v.regionMatches(icase, c, p, ps, pl) && (c == last || delims.indexOf(v.charAt(c + pl)) >= 0)) {
                return true;
            }
            mayMatch = false;
        }
        return false;
    }
}
