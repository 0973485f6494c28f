package io.hyperstudy.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * What the load program asks Redis while it runs (its command count, a room's owner): a few commands in
 * RESP over one blocking socket, so that the program needs no client library for them.
 */
final class RedisProbe implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RedisProbe(String hostAndPort) throws IOException {
        int colon = hostAndPort.lastIndexOf(':');
        socket = new Socket(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
        socket.setSoTimeout(5_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Commands Redis has processed since it started, every client's ({@code INFO stats}). */
    synchronized long commandsProcessed() throws IOException {
        String info = call("INFO", "stats");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("total_commands_processed:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IOException("INFO stats has no total_commands_processed");
    }

    /** The value of a string key, or null. */
    synchronized String get(String key) throws IOException {
        return call("GET", key);
    }

    private String call(String... args) throws IOException {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        String head = line();
        return switch (head.charAt(0)) {
            case '$' -> {
                int length = Integer.parseInt(head.substring(1));
                if (length < 0) {
                    yield null;
                }
                byte[] body = in.readNBytes(length + 2);
                yield new String(body, 0, length, StandardCharsets.UTF_8);
            }
            case '+', ':' -> head.substring(1);
            default -> throw new IOException("Redis answered " + head);
        };
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            b.write(c);
        }
        in.read(); // \n
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
