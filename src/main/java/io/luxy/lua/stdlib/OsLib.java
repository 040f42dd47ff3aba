package io.luxy.lua.stdlib;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import io.luxy.lua.engine.LoopThreads;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JseOsLib;

/**
 * HAProxy's {@code os} library on LuaJ's: {@code os.date} with every strftime conversion
 * ({@link OsDate}), {@code os.clock} in CPU seconds (LuaJ returns wall-clock time),
 * {@code os.execute} through {@code /bin/sh -c} with Lua 5.3's results, {@code os.getenv} seeing
 * the variables HAProxy sets ({@code HAPROXY_CFGFILES}) before the process's, and {@code os.exit}
 * raising a Lua error instead of stopping the JVM (HAProxy would exit the process; a proxy
 * serving other traffic should not). Blocking calls block only the invocation's virtual thread.
 */
final class OsLib extends JseOsLib {

    private final java.util.Map<String, String> haproxyEnv;

    /** {@code env}: variables HAProxy sets (HAPROXY_CFGFILES…), read live, before the process's. */
    OsLib(java.util.Map<String, String> env) {
        this.haproxyEnv = env;
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaValue os = super.call(modname, env);
        os.set("date", Fn.of("date", a -> {
            String f = a.optjstring(1, "%c");
            long t = a.isnoneornil(2) ? System.currentTimeMillis() / 1000 : StringFormat.integerArg(a, 2);
            return OsDate.date(f, t);
        }));
        os.set("exit", Fn.of("exit", a -> {
            throw new LuaError("os.exit is not allowed in Luxy: it would stop the proxy");
        }));
        os.set("remove", Fn.of("remove", a -> {
            String name = a.checkjstring(1);
            try {
                java.nio.file.Files.delete(java.nio.file.Path.of(name));
                return LuaValue.TRUE;
            } catch (IOException e) {
                return errno(name, e);
            }
        }));
        os.set("rename", Fn.of("rename", a -> {
            String from = a.checkjstring(1);
            try {
                java.nio.file.Files.move(java.nio.file.Path.of(from), java.nio.file.Path.of(a.checkjstring(2)),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return LuaValue.TRUE;
            } catch (IOException e) {
                return errno(from, e);
            }
        }));
        os.set("getenv", Fn.of("getenv", a -> {
            String name = a.checkjstring(1);
            String v = haproxyEnv.get(name);
            if (v == null) {
                v = System.getenv(name);
            }
            return v == null ? LuaValue.NIL : LuaValue.valueOf(v);
        }));
        os.set("execute", Fn.of("execute", a -> a.isnoneornil(1) ? LuaValue.TRUE : shell(a.checkjstring(1))));
        return os;
    }

    /** C's {@code nil, "name: strerror", errno} for a failed file operation. */
    static Varargs errno(String name, IOException e) {
        String msg;
        int code;
        if (e instanceof java.nio.file.NoSuchFileException) {
            msg = "No such file or directory";
            code = 2;
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            msg = "Permission denied";
            code = 13;
        } else if (e instanceof java.nio.file.DirectoryNotEmptyException) {
            msg = "Directory not empty";
            code = 39;
        } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
            msg = "File exists";
            code = 17;
        } else {
            msg = String.valueOf(e.getMessage());
            code = 5;
        }
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(name + ": " + msg), LuaValue.valueOf(code));
    }

    /** Why {@code io.open(name, mode)} failed, in C's words. */
    static Varargs failure(String name, java.nio.file.Path p, String mode) {
        java.nio.file.Path parent = p.toAbsolutePath().getParent();
        boolean writing = mode.contains("w") || mode.contains("a") || mode.contains("+");
        if (java.nio.file.Files.isDirectory(p) && writing) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(name + ": Is a directory"), LuaValue.valueOf(21));
        }
        if (!java.nio.file.Files.exists(p) && (!writing || parent == null || !java.nio.file.Files.isDirectory(parent))) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(name + ": No such file or directory"), LuaValue.valueOf(2));
        }
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(name + ": Permission denied"), LuaValue.valueOf(13));
    }

    @Override
    protected double clock() {
        var bean = ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return System.nanoTime() / 1e9;
    }

    private static Varargs shell(String command) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command).inheritIO().start();
            LoopThreads.offLoop(() -> p.waitFor(1, TimeUnit.DAYS)); // never on an event loop
            int code = p.exitValue();
            if (code > 128 && code < 160) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("signal"), LuaValue.valueOf(code - 128));
            }
            return LuaValue.varargsOf(code == 0 ? LuaValue.TRUE : LuaValue.NIL, LuaValue.valueOf("exit"), LuaValue.valueOf(code));
        } catch (java.io.InterruptedIOException e) {
            throw new LuaError("interrupted");
        } catch (IOException e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("exit"), LuaValue.valueOf(127));
        }
    }

}
