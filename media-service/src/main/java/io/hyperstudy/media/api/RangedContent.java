package io.hyperstudy.media.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Immutable content served so that a {@code <video>} can seek: a single byte {@code Range} (206, or 416
 * past the end), {@code If-Range}, {@code If-None-Match} against the ETag, and caching for private,
 * never-changing bytes. Streamed from the store: nothing is held in memory.
 */
record RangedContent(String etag, long size, String contentType, Instant lastModified, String filename, Reader reader) {

    /** {@code length} bytes from {@code offset}; the caller closes the stream. */
    @FunctionalInterface
    interface Reader {
        InputStream read(long offset, long length) throws java.io.IOException;
    }

    Response serve(String range, String ifNoneMatch, String ifRange) {
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        Optional<ByteRange> wanted;
        try {
            wanted = ifRange != null && !ifRange.strip().equals(etag) ? Optional.empty() : ByteRange.parse(range, size);
        } catch (ByteRange.Unsatisfiable e) {
            throw new ProblemException(416, "Range Not Satisfiable",
                    "the content has " + size + " bytes; the range asks for none of them", size);
        }
        long from = wanted.map(ByteRange::start).orElse(0L);
        long length = wanted.map(ByteRange::length).orElse(size);
        StreamingOutput stream = (OutputStream out) -> {
            try (InputStream in = reader.read(from, length)) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder answer = Response.status(wanted.isPresent() ? 206 : 200).entity(stream)
                .type(contentType)
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.LAST_MODIFIED, Date.from(lastModified))
                // private: the content is behind authentication; immutable: its bytes never change
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=86400, immutable")
                // the bytes are what the upload was judged to be, never a page: no sniffing, and nothing runs
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header("Content-Disposition", ContentDisposition.inline(filename, contentType));
        wanted.ifPresent(r -> answer.header("Content-Range", "bytes " + r.start() + "-" + r.end() + "/" + size));
        return answer.build();
    }
}
