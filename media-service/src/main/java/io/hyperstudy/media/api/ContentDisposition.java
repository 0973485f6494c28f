package io.hyperstudy.media.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code Content-Disposition} of served content (RFC 6266): the name an uploader gave is a user value,
 * so it never reaches the header raw. Control characters (CR/LF would split the header) are dropped, the
 * quoted {@code filename} keeps printable ASCII only, and {@code filename*} carries the full name in
 * UTF-8. The name always ends in the extension of the type the bytes were judged to be, so a saved file
 * opens as what it is.
 */
final class ContentDisposition {
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("video/mp4", "mp4"), Map.entry("video/quicktime", "mov"), Map.entry("video/webm", "webm"),
            Map.entry("audio/mp4", "m4a"), Map.entry("audio/mpeg", "mp3"), Map.entry("audio/ogg", "ogg"),
            Map.entry("audio/wav", "wav"), Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpg"),
            Map.entry("image/gif", "gif"), Map.entry("image/webp", "webp"));

    private ContentDisposition() {
    }

    static String inline(String name, String contentType) {
        String clean = fileName(name, contentType);
        String ascii = clean.replaceAll("[^\\x20-\\x7E]", "_").replace("\"", "_").replace("\\", "_");
        String encoded = URLEncoder.encode(clean, StandardCharsets.UTF_8).replace("+", "%20");
        return "inline; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    /** The name without control characters, ending in the type's extension. */
    static String fileName(String name, String contentType) {
        String clean = name == null ? "" : name.replaceAll("\\p{Cntrl}", "").strip();
        if (clean.isEmpty()) {
            clean = "asset";
        }
        String extension = EXTENSIONS.get(contentType);
        if (extension != null && !clean.toLowerCase(Locale.ROOT).endsWith("." + extension)
                && !(extension.equals("jpg") && clean.toLowerCase(Locale.ROOT).endsWith(".jpeg"))) {
            clean = clean + "." + extension;
        }
        return clean;
    }
}
