package io.luxy.lua.stdlib;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import java.nio.file.Path;

import io.luxy.lua.engine.LoopThreads;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JseIoLib;

/**
 * HAProxy's {@code io} library on LuaJ's, with {@code io.popen} running its command through
 * {@code /bin/sh -c} as C's popen does (LuaJ splits the command on spaces and runs no shell).
 * Calls block only the invocation's virtual thread, never an event loop.
 */
final class IoLib extends JseIoLib {

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaValue io = super.call(modname, env);
        LuaValue open = io.get("open");
        io.set("open", Fn.of("open", a -> {
            Varargs r = open.invoke(a);
            if (!r.arg1().isnil()) {
                return r;
            }
            return OsLib.failure(a.checkjstring(1), Path.of(a.checkjstring(1)), a.optjstring(2, "r"));
        }));
        return io;
    }

    @Override
    protected File openProgram(String prog, String mode) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", prog)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput("w".equals(mode) ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT)
                .start();
        return "w".equals(mode) ? new ProcessFile(p, null, new OffLoopOutput(p.getOutputStream()))
                : new ProcessFile(p, new java.io.BufferedInputStream(new OffLoopInput(p.getInputStream())), null);
    }

    /** A process's output, read off the event loop (a pipe read blocks its carrier thread). */
    private static final class OffLoopInput extends java.io.FilterInputStream {
        OffLoopInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            return LoopThreads.offLoop(() -> in.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return LoopThreads.offLoop(() -> in.read(b, off, len));
        }
    }

    /** A process's input, written off the event loop (a full pipe blocks its carrier thread). */
    private static final class OffLoopOutput extends java.io.FilterOutputStream {
        OffLoopOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            LoopThreads.offLoop(() -> {
                out.write(b);
                return null;
            });
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            LoopThreads.offLoop(() -> {
                out.write(b, off, len);
                return null;
            });
        }
    }

    /** A pipe to or from a process started by {@code io.popen}. */
    private final class ProcessFile extends File {
        private final Process process;
        private final InputStream in;
        private final OutputStream out;
        private boolean closed;
        private int peeked = -2;

        ProcessFile(Process process, InputStream in, OutputStream out) {
            this.process = process;
            this.in = in;
            this.out = out;
        }

        @Override
        public void write(LuaString s) throws IOException {
            if (out == null) {
                throw new IOException("not writable");
            }
            out.write(s.m_bytes, s.m_offset, s.m_length);
        }

        @Override
        public void flush() throws IOException {
            if (out != null) {
                out.flush();
            }
        }

        @Override
        public boolean isstdfile() {
            return false;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            if (out != null) {
                out.close();
            }
            if (in != null) {
                in.close();
            }
            LoopThreads.offLoop(process::waitFor);
        }

        @Override
        public boolean isclosed() {
            return closed;
        }

        @Override
        public int seek(String option, int pos) throws IOException {
            throw new IOException("Illegal seek");
        }

        @Override
        public void setvbuf(String mode, int size) {
        }

        @Override
        public int remaining() {
            return -1;
        }

        @Override
        public int peek() throws IOException {
            if (peeked == -2) {
                peeked = in == null ? -1 : in.read();
            }
            return peeked;
        }

        @Override
        public int read() throws IOException {
            if (peeked != -2) {
                int c = peeked;
                peeked = -2;
                return c;
            }
            return in == null ? -1 : in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            if (peeked != -2) {
                if (peeked < 0) {
                    return -1;
                }
                b[off] = (byte) peeked;
                peeked = -2;
                n = 1;
                if (len == 1) {
                    return 1;
                }
            }
            int r = in == null ? -1 : in.readNBytes(b, off + n, len - n);
            return r <= 0 && n == 0 ? -1 : n + Math.max(r, 0);
        }

        @Override
        public String tojstring() {
            return "file (" + Integer.toHexString(hashCode()) + ")";
        }
    }
}
