package io.hyperstudy.media.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * An upload as it arrives, written to a temporary file while its type (judged from its first bytes), size
 * (refused past the limit) and SHA-256 are established, and then, for MP4, its duration. Memory stays
 * bounded by the copy buffer whatever the size; a store takes the file from here. Closing removes the file
 * unless a store moved it.
 */
public final class SpooledUpload implements AutoCloseable {
    static final int BUFFER = 64 * 1024;

    private final Path file;
    private final String contentType;
    private final long size;
    private final String sha256;
    private final Double durationSeconds;

    private SpooledUpload(Path file, String contentType, long size, String sha256, Double durationSeconds) {
        this.file = file;
        this.contentType = contentType;
        this.size = size;
        this.sha256 = sha256;
        this.durationSeconds = durationSeconds;
    }

    /** Receives {@code body} into a new temporary file in {@code dir}; refused uploads leave nothing behind. */
    public static SpooledUpload receive(InputStream body, Path dir, long maxBytes) {
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, ".upload-", ".part");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[BUFFER];
            long size = 0;
            String type = null;
            try (OutputStream out = Files.newOutputStream(temp)) {
                int n;
                byte[] head = new byte[MediaSniffer.HEAD];
                int headLength = 0;
                while ((n = body.read(buffer)) != -1) {
                    if (n == 0) {
                        // an empty chunk of a chunked request, not the end of it
                        continue;
                    }
                    if (type == null) {
                        int take = Math.min(n, head.length - headLength);
                        System.arraycopy(buffer, 0, head, headLength, take);
                        headLength += take;
                        if (headLength == head.length) {
                            type = sniffOrRefuse(head, headLength);
                        }
                    }
                    size += n;
                    if (size > maxBytes) {
                        throw new AssetRefused(413, "the asset is larger than the limit of " + maxBytes + " bytes");
                    }
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
                if (type == null) {
                    type = sniffOrRefuse(head, headLength);
                }
            }
            Double duration = null;
            if (type.startsWith("video/mp4") || type.equals("audio/mp4") || type.equals("video/quicktime")) {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.READ)) {
                    duration = Mp4Duration.read(channel).orElse(null);
                }
            }
            SpooledUpload upload = new SpooledUpload(temp, type, size, HexFormat.of().formatHex(sha.digest()), duration);
            temp = null;
            return upload;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(temp);
        }
    }

    public Path file() {
        return file;
    }

    public String contentType() {
        return contentType;
    }

    public long size() {
        return size;
    }

    /** What a store records of this upload once it has kept it. */
    public Asset asset(String id, String experimentId, String name, String uploadedBy, Instant at) {
        return new Asset(id, experimentId, cleanName(name), contentType, size, sha256, durationSeconds, uploadedBy, at);
    }

    @Override
    public void close() {
        deleteQuietly(file);
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temporary file is never listed or served
            }
        }
    }

    private static String sniffOrRefuse(byte[] head, int length) {
        return MediaSniffer.sniff(head, length).orElseThrow(() -> new AssetRefused(415,
                "the content is not a video, image or audio type the platform serves (judged by its bytes)"));
    }

    private static String cleanName(String name) {
        if (name == null || name.isBlank()) {
            return "asset";
        }
        String base = Path.of(name.replace('\\', '/')).getFileName().toString();
        return base.length() > 200 ? base.substring(0, 200) : base;
    }
}
