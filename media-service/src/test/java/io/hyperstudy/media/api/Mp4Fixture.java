package io.hyperstudy.media.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A minimal MP4 container: {@code ftyp}, an {@code mdat} of patterned bytes, then {@code moov/mvhd} at the
 * end (as a camera writes it) saying the movie lasts {@code durationMs}. Enough for type sniffing,
 * duration and byte ranges; streamed, so a large one costs no memory to send.
 */
final class Mp4Fixture {
    private Mp4Fixture() {
    }

    static byte[] header(long mdatBytes) {
        ByteBuffer b = ByteBuffer.allocate(24 + 8);
        b.putInt(24).put("ftyp".getBytes(StandardCharsets.US_ASCII)).put("isom".getBytes(StandardCharsets.US_ASCII))
                .putInt(0x200).put("isomiso2".getBytes(StandardCharsets.US_ASCII));
        b.putInt((int) (mdatBytes + 8)).put("mdat".getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    static byte[] moov(long durationMs) {
        ByteBuffer mvhd = ByteBuffer.allocate(8 + 100);
        mvhd.putInt(108).put("mvhd".getBytes(StandardCharsets.US_ASCII));
        mvhd.putInt(0); // version 0, flags
        mvhd.putInt(0).putInt(0); // creation, modification
        mvhd.putInt(1000).putInt((int) durationMs); // timescale, duration
        ByteBuffer moov = ByteBuffer.allocate(8 + 108);
        moov.putInt(116).put("moov".getBytes(StandardCharsets.US_ASCII)).put(mvhd.array());
        return moov.array();
    }

    static byte patterned(long i) {
        return (byte) (i * 31 + (i >>> 11));
    }

    static byte[] bytes(long mdatBytes, long durationMs) {
        try (InputStream in = stream(mdatBytes, durationMs)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static InputStream stream(long mdatBytes, long durationMs) {
        byte[] head = header(mdatBytes);
        byte[] tail = moov(durationMs);
        long total = head.length + mdatBytes + tail.length;
        return new InputStream() {
            long at;

            @Override
            public int read() {
                if (at >= total) {
                    return -1;
                }
                return byteAt(at++) & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - at);
                for (int i = 0; i < n; i++) {
                    b[off + i] = byteAt(at++);
                }
                return n;
            }

            private byte byteAt(long i) {
                if (i < head.length) {
                    return head[(int) i];
                }
                long m = i - head.length;
                return m < mdatBytes ? patterned(m) : tail[(int) (m - mdatBytes)];
            }
        };
    }
}
