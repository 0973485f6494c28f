package io.hyperstudy.media.assets;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The media type of a file from its first bytes (its signature), whatever its name or the uploader's
 * Content-Type say. Only types a browser plays or shows are recognised.
 */
public final class MediaSniffer {
    /** How many leading bytes {@link #sniff} looks at. */
    public static final int HEAD = 16;

    private MediaSniffer() {
    }

    public static Optional<String> sniff(byte[] head, int length) {
        byte[] h = Arrays.copyOf(head, Math.max(length, HEAD));
        if (length >= 12 && ascii(h, 4, "ftyp")) {
            String brand = new String(h, 8, 4, StandardCharsets.US_ASCII);
            return Optional.of(brand.startsWith("M4A") ? "audio/mp4" : brand.startsWith("qt") ? "video/quicktime"
                    : "video/mp4");
        }
        if (length >= 4 && (h[0] & 0xFF) == 0x1A && (h[1] & 0xFF) == 0x45 && (h[2] & 0xFF) == 0xDF && (h[3] & 0xFF) == 0xA3) {
            return Optional.of("video/webm");
        }
        if (length >= 8 && (h[0] & 0xFF) == 0x89 && ascii(h, 1, "PNG")) {
            return Optional.of("image/png");
        }
        if (length >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8 && (h[2] & 0xFF) == 0xFF) {
            return Optional.of("image/jpeg");
        }
        if (length >= 6 && (ascii(h, 0, "GIF87a") || ascii(h, 0, "GIF89a"))) {
            return Optional.of("image/gif");
        }
        if (length >= 12 && ascii(h, 0, "RIFF") && ascii(h, 8, "WEBP")) {
            return Optional.of("image/webp");
        }
        if (length >= 12 && ascii(h, 0, "RIFF") && ascii(h, 8, "WAVE")) {
            return Optional.of("audio/wav");
        }
        if (length >= 4 && ascii(h, 0, "OggS")) {
            return Optional.of("audio/ogg");
        }
        if (length >= 3 && (ascii(h, 0, "ID3") || ((h[0] & 0xFF) == 0xFF && (h[1] & 0xE0) == 0xE0))) {
            return Optional.of("audio/mpeg");
        }
        return Optional.empty();
    }

    private static boolean ascii(byte[] h, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (h[at + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
