package io.luxy.lua.stdlib;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.3 pattern matching over the bytes of a string, following lstrlib.c's matcher: character
 * classes in the C locale including {@code %g} (printable except space) and the {@code %f[set]}
 * frontier, which LuaJ 3.0.1 lacks or crashes on (HAPROXY-LUA-API.md "Patterns").
 */
final class LuaPattern {

    static final int MAXCAPTURES = 32;
    private static final int CAP_UNFINISHED = -1;
    private static final int CAP_POSITION = -2;
    private static final int MAXCCALLS = 200;
    static final String SPECIALS = "^$*+?.([%-";

    final byte[] src;
    final int srcEnd;
    final byte[] pat;
    final int patEnd;
    int level;
    int matchdepth;
    final int[] captureInit = new int[MAXCAPTURES];
    final int[] captureLen = new int[MAXCAPTURES];

    LuaPattern(LuaString s, LuaString p) {
        this.src = s.m_length == s.m_bytes.length && s.m_offset == 0 ? s.m_bytes : copy(s);
        this.srcEnd = s.m_length;
        this.pat = p.m_length == p.m_bytes.length && p.m_offset == 0 ? p.m_bytes : copy(p);
        this.patEnd = p.m_length;
    }

    private static byte[] copy(LuaString s) {
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }

    void reset() {
        level = 0;
        matchdepth = MAXCCALLS;
    }

    private int classEnd(int p) {
        if (p >= patEnd) {
            throw new LuaError("malformed pattern (ends with '%')");
        }
        byte c = pat[p++];
        if (c == '%') {
            if (p >= patEnd) {
                throw new LuaError("malformed pattern (ends with '%')");
            }
            return p + 1;
        }
        if (c == '[') {
            if (p < patEnd && pat[p] == '^') {
                p++;
            }
            do {
                if (p >= patEnd) {
                    throw new LuaError("malformed pattern (missing ']')");
                }
                byte cc = pat[p++];
                if (cc == '%' && p < patEnd) {
                    p++;
                }
            } while (p >= patEnd || pat[p] != ']');
            return p + 1;
        }
        return p;
    }

    static boolean classMatches(int c, int cl) {
        boolean res;
        switch (Character.toLowerCase(cl)) {
            case 'a' -> res = isalpha(c);
            case 'c' -> res = c < 32 || c == 127;
            case 'd' -> res = c >= '0' && c <= '9';
            case 'g' -> res = c > 32 && c < 127;
            case 'l' -> res = c >= 'a' && c <= 'z';
            case 'p' -> res = c > 32 && c < 127 && !isalpha(c) && !(c >= '0' && c <= '9');
            case 's' -> res = c == ' ' || (c >= 9 && c <= 13);
            case 'u' -> res = c >= 'A' && c <= 'Z';
            case 'w' -> res = isalpha(c) || (c >= '0' && c <= '9');
            case 'z' -> res = c == 0;
            case 'x' -> res = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            default -> {
                return cl == c;
            }
        }
        if (Character.isUpperCase(cl)) {
            res = !res;
        }
        return res;
    }

    private static boolean isalpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private boolean matchBracketClass(int c, int p, int ec) {
        boolean sig = true;
        if (pat[p + 1] == '^') {
            sig = false;
            p++;
        }
        while (++p < ec) {
            if (pat[p] == '%') {
                p++;
                if (classMatches(c, pat[p] & 0xff)) {
                    return sig;
                }
            } else if (pat[p + 1] == '-' && p + 2 < ec) {
                p += 2;
                if ((pat[p - 2] & 0xff) <= c && c <= (pat[p] & 0xff)) {
                    return sig;
                }
            } else if ((pat[p] & 0xff) == c) {
                return sig;
            }
        }
        return !sig;
    }

    private boolean singleMatch(int s, int p, int ep) {
        if (s >= srcEnd) {
            return false;
        }
        int c = src[s] & 0xff;
        switch (pat[p]) {
            case '.':
                return true;
            case '%':
                return classMatches(c, pat[p + 1] & 0xff);
            case '[':
                return matchBracketClass(c, p, ep - 1);
            default:
                return (pat[p] & 0xff) == c;
        }
    }

    /** Returns the end of the match of the pattern from {@code p} at {@code s}, or -1. */
    int match(int s, int p) {
        if (matchdepth-- == 0) {
            throw new LuaError("pattern too complex");
        }
        try {
            while (true) {
                if (p == patEnd) {
                    return s;
                }
                switch (pat[p]) {
                    case '(':
                        if (p + 1 < patEnd && pat[p + 1] == ')') {
                            return startCapture(s, p + 2, CAP_POSITION);
                        }
                        return startCapture(s, p + 1, CAP_UNFINISHED);
                    case ')':
                        return endCapture(s, p + 1);
                    case '$':
                        if (p + 1 == patEnd) {
                            return s == srcEnd ? s : -1;
                        }
                        break;
                    case '%':
                        if (p + 1 < patEnd) {
                            byte n = pat[p + 1];
                            if (n == 'b') {
                                s = matchBalance(s, p + 2);
                                if (s != -1) {
                                    p += 4;
                                    continue;
                                }
                                return -1;
                            }
                            if (n == 'f') {
                                p += 2;
                                if (p >= patEnd || pat[p] != '[') {
                                    throw new LuaError("missing '[' after '%f' in pattern");
                                }
                                int ep = classEnd(p);
                                int prev = s == 0 ? 0 : src[s - 1] & 0xff;
                                int cur = s < srcEnd ? src[s] & 0xff : 0;
                                if (!matchBracketClass(prev, p, ep - 1) && matchBracketClass(cur, p, ep - 1)) {
                                    p = ep;
                                    continue;
                                }
                                return -1;
                            }
                            if (n >= '0' && n <= '9') {
                                s = matchCapture(s, n & 0xff);
                                if (s != -1) {
                                    p += 2;
                                    continue;
                                }
                                return -1;
                            }
                        }
                        break;
                    default:
                        break;
                }
                int ep = classEnd(p);
                byte epc = ep < patEnd ? pat[ep] : 0;
                if (!singleMatch(s, p, ep)) {
                    if (epc == '*' || epc == '?' || epc == '-') {
                        p = ep + 1;
                        continue;
                    }
                    return -1;
                }
                switch (epc) {
                    case '?': {
                        int res = match(s + 1, ep + 1);
                        if (res != -1) {
                            return res;
                        }
                        p = ep + 1;
                        continue;
                    }
                    case '+':
                        return maxExpand(s + 1, p, ep);
                    case '*':
                        return maxExpand(s, p, ep);
                    case '-':
                        return minExpand(s, p, ep);
                    default:
                        s++;
                        p = ep;
                        continue;
                }
            }
        } finally {
            matchdepth++;
        }
    }

    private int maxExpand(int s, int p, int ep) {
        int i = 0;
        while (singleMatch(s + i, p, ep)) {
            i++;
        }
        while (i >= 0) {
            int res = match(s + i, ep + 1);
            if (res != -1) {
                return res;
            }
            i--;
        }
        return -1;
    }

    private int minExpand(int s, int p, int ep) {
        while (true) {
            int res = match(s, ep + 1);
            if (res != -1) {
                return res;
            }
            if (singleMatch(s, p, ep)) {
                s++;
            } else {
                return -1;
            }
        }
    }

    private int startCapture(int s, int p, int what) {
        if (level >= MAXCAPTURES) {
            throw new LuaError("too many captures");
        }
        captureInit[level] = s;
        captureLen[level] = what;
        level++;
        int res = match(s, p);
        if (res == -1) {
            level--;
        }
        return res;
    }

    private int endCapture(int s, int p) {
        int l = captureToClose();
        captureLen[l] = s - captureInit[l];
        int res = match(s, p);
        if (res == -1) {
            captureLen[l] = CAP_UNFINISHED;
        }
        return res;
    }

    private int captureToClose() {
        int lvl = level;
        for (lvl--; lvl >= 0; lvl--) {
            if (captureLen[lvl] == CAP_UNFINISHED) {
                return lvl;
            }
        }
        throw new LuaError("invalid pattern capture");
    }

    private int matchBalance(int s, int p) {
        if (p + 1 >= patEnd) {
            throw new LuaError("malformed pattern (missing arguments to '%b')");
        }
        if (s >= srcEnd || src[s] != pat[p]) {
            return -1;
        }
        byte b = pat[p];
        byte e = pat[p + 1];
        int cont = 1;
        while (++s < srcEnd) {
            if (src[s] == e) {
                if (--cont == 0) {
                    return s + 1;
                }
            } else if (src[s] == b) {
                cont++;
            }
        }
        return -1;
    }

    private int checkCapture(int l) {
        l -= '1';
        if (l < 0 || l >= level || captureLen[l] == CAP_UNFINISHED) {
            throw new LuaError("invalid capture index %" + (l + 1) + " in pattern");
        }
        return l;
    }

    private int matchCapture(int s, int l) {
        l = checkCapture(l);
        int len = captureLen[l];
        if (srcEnd - s >= len) {
            for (int i = 0; i < len; i++) {
                if (src[captureInit[l] + i] != src[s + i]) {
                    return -1;
                }
            }
            return s + len;
        }
        return -1;
    }

    /** Capture {@code i} (0-based) of a match from {@code s} to {@code e}, as a Lua value. */
    LuaValue capture(int i, int s, int e) {
        if (i >= level) {
            if (i == 0) {
                return LuaString.valueOf(src, s, e - s);
            }
            throw new LuaError("invalid capture index %" + (i + 1));
        }
        int l = captureLen[i];
        if (l == CAP_UNFINISHED) {
            throw new LuaError("unfinished capture");
        }
        if (l == CAP_POSITION) {
            return LuaValue.valueOf(captureInit[i] + 1);
        }
        return LuaString.valueOf(src, captureInit[i], l);
    }

    /** All captures of a match (or the whole match when there are none). */
    Varargs captures(int s, int e, boolean wholeIfNone) {
        int n = level == 0 && wholeIfNone ? 1 : level;
        LuaValue[] v = new LuaValue[n];
        for (int i = 0; i < n; i++) {
            v[i] = capture(i, s, e);
        }
        return LuaValue.varargsOf(v);
    }
}
