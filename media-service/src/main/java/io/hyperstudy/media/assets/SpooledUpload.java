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
    /**
     * How far into a file markup is looked for: where a polyglot puts its page (right after the media
     * header, inside what browsers sniff), and short enough that compressed bytes do not spell a tag by chance.
     */
    static final int MARKUP_SCAN = 4 * 1024;
    /** Longer than any stimulus or recording a study plays. */
    static final double MAX_DURATION_SECONDS = 12 * 3600;
    /** Fewer bits a second than any real audio or video stream has: the duration it claims is false. */
    static final double MIN_BITS_PER_SECOND = 1000;
    private static final java.util.regex.Pattern MARKUP = java.util.regex.Pattern.compile(
            "<(!doctype|html|head|body|script|iframe|svg|object|embed|meta|link|style|form|img)[\\s>/]",
            java.util.regex.Pattern.CASE_INSENSITIVE);

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
                java.io.ByteArrayOutputStream early = new java.io.ByteArrayOutputStream(MARKUP_SCAN);
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
                    if (early.size() < MARKUP_SCAN) {
                        early.write(buffer, 0, Math.min(n, MARKUP_SCAN - early.size()));
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
                refuseMarkup(early.toByteArray());
            }
            Double duration = null;
            if (type.startsWith("video/mp4") || type.equals("audio/mp4") || type.equals("video/quicktime")) {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.READ)) {
                    duration = Mp4Duration.read(channel).orElse(null);
                }
                refuseFalseDuration(duration, size);
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

    /**
     * A file that is media by its first bytes and a page after them (a polyglot) could be opened as a page
     * by a careless viewer: refused, whatever else it is.
     */
    static void refuseMarkup(byte[] early) {
        if (MARKUP.matcher(new String(early, java.nio.charset.StandardCharsets.ISO_8859_1)).find()) {
            throw new AssetRefused(415, "the file contains HTML markup; media files may not");
        }
    }

    /** A duration a file of this size cannot have (a 248 KB file claiming twelve days) is a forged header. */
    static void refuseFalseDuration(Double seconds, long size) {
        if (seconds == null) {
            return;
        }
        if (!(seconds > 0) || seconds > MAX_DURATION_SECONDS || size * 8.0 / seconds < MIN_BITS_PER_SECOND) {
            throw new AssetRefused(422, "the file claims to last " + Math.round(seconds)
                    + " s, which a file of " + size + " bytes cannot; its header is damaged or forged");
        }
    }

    private static String cleanName(String name) {
        if (name == null || name.isBlank()) {
            return "asset";
        }
        // control characters (CR/LF) would split a header the name is later written into
        name = name.replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty()) {
            return "asset";
        }
        Path file = Path.of(name.replace('\\', '/')).getFileName();
        String base = file == null ? "asset" : file.toString();
        return base.length() > 200 ? base.substring(0, 200) : base;
    }
}
