package io.luxy.sample;

/** HAProxy's sample types ({@code include/haproxy/sample-t.h}: SMP_T_*), as far as Luxy uses them. */
public enum SampleType { BOOL, SINT, IPV4, IPV6, STR, BIN, METH }
