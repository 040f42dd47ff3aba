package io.luxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The TCP echo server seed 000 describes, as a real peer on loopback: the first line is a header
 * with the peer's addresses, then every byte received is echoed back.
 */
public final class EchoServer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;

    private EchoServer(ServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    /** Starts the echo server on 127.0.0.1:{@code port}. */
    public static EchoServer start(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new EchoServer(s);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket c = server.accept();
                Thread.ofVirtual().start(() -> serve(c));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket c) {
        try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
            out.write(("echo-server " + c.getRemoteSocketAddress() + " -> " + c.getLocalSocketAddress() + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // peer went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
