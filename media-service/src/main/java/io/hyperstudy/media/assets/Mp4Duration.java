package io.hyperstudy.media.assets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;

/**
 * Reads an MP4's duration from its movie header ({@code moov/mvhd}: duration ÷ timescale), wherever
 * {@code moov} is (before or after the media data), by hopping from box header to box header.
 */
public final class Mp4Duration {
    private Mp4Duration() {
    }

    public static Optional<Double> read(SeekableByteChannel file) throws IOException {
        long size = file.size();
        Optional<long[]> moov = find(file, 0, size, "moov");
        if (moov.isEmpty()) {
            return Optional.empty();
        }
        Optional<long[]> mvhd = find(file, moov.get()[0], moov.get()[1], "mvhd");
        if (mvhd.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.allocate(32);
        file.position(mvhd.get()[0]);
        file.read(b);
        b.flip();
        int version = b.get() & 0xFF;
        b.position(4);
        long timescale;
        long duration;
        if (version == 1) {
            b.position(4 + 16);
            timescale = Integer.toUnsignedLong(b.getInt());
            duration = b.getLong();
        } else {
            b.position(4 + 8);
            timescale = Integer.toUnsignedLong(b.getInt());
            duration = Integer.toUnsignedLong(b.getInt());
        }
        return timescale == 0 ? Optional.empty() : Optional.of((double) duration / timescale);
    }

    /** The [content start, content end) of the first box of {@code type} between {@code from} and {@code to}. */
    private static Optional<long[]> find(SeekableByteChannel file, long from, long to, String type) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(16);
        long at = from;
        while (at + 8 <= to) {
            header.clear();
            file.position(at);
            if (file.read(header) < 8) {
                return Optional.empty();
            }
            header.flip();
            long boxSize = Integer.toUnsignedLong(header.getInt());
            byte[] name = new byte[4];
            header.get(name);
            int headerSize = 8;
            if (boxSize == 1 && header.remaining() >= 8) {
                boxSize = header.getLong();
                headerSize = 16;
            } else if (boxSize == 0) {
                boxSize = to - at;
            }
            if (boxSize < headerSize) {
                return Optional.empty();
            }
            if (new String(name, java.nio.charset.StandardCharsets.US_ASCII).equals(type)) {
                return Optional.of(new long[] {at + headerSize, Math.min(to, at + boxSize)});
            }
            at += boxSize;
        }
        return Optional.empty();
    }
}
