package io.hyperstudy.system;

import io.hyperstudy.testinfra.RedisServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Reads a key of the platform's Redis (RESP over a socket), for tests that look at what the services wrote. */
final class RedisKeys {
    private RedisKeys() {
    }

    /** The string at {@code key}, or null. */
    static String get(String key) {
        return call("GET", key);
    }

    /** Sets {@code key} to {@code value} for {@code ttlMillis} (a state another service would have written). */
    static void set(String key, String value, long ttlMillis) {
        call("SET", key, value, "PX", String.valueOf(ttlMillis));
    }

    private static String call(String... args) {
        URI url = URI.create(RedisServer.sharedUrl());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                out.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(b);
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String header = in.readLine();
            if (header == null || header.startsWith("$-1")) {
                return null;
            }
            if (header.startsWith("+")) {
                return header.substring(1);
            }
            if (!header.startsWith("$")) {
                throw new IllegalStateException("Redis answered " + header);
            }
            return in.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
