package io.hyperstudy.testinfra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Cloud Storage (what Firebase Storage is), since no emulator for it can run here. It
 * speaks the JSON API the Google client uses: resumable uploads ({@code POST /upload/storage/v1/b/<bucket>/o
 * ?uploadType=resumable}, then {@code PUT}s with {@code Content-Range}, answered 308 until complete),
 * object metadata, listing by prefix, media downloads with {@code Range} ({@code alt=media}), deletion, and
 * the {@code ifGenerationMatch=0} precondition (412). Content is kept in files, so large objects take no
 * memory. It does not check credentials, and has no versioning, ACLs, compose or rewrite.
 */
public final class CloudStorageStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OBJECT = Pattern.compile("^(?:/download)?/storage/v1/b/([^/]+)/o/(.+)$");
    private static final Pattern OBJECTS = Pattern.compile("^/storage/v1/b/([^/]+)/o/?$");
    private static final Pattern BUCKET = Pattern.compile("^/storage/v1/b/([^/]+)/?$");
    private static final Pattern UPLOAD = Pattern.compile("^/upload/storage/v1/b/([^/]+)/o/?$");
    private static final Pattern ANY_BUCKET = Pattern.compile("^(?:/upload|/download)?/storage/v1/b/([^/]+)(?:/.*)?$");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\*|(\\d+)-(\\d+))/(\\*|\\d+)");

    private record StoredObject(String bucket, String name, long generation, long size, String contentType,
                                Map<String, String> metadata, Instant created, Path content) {
    }

    private record Upload(String bucket, String name, String contentType, Map<String, String> metadata,
                          boolean mustNotExist, Path content) {
    }

    private final HttpServer server;
    private final Path dir;
    private final String bucket;
    private final Map<String, StoredObject> objects = new ConcurrentSkipListMap<>();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public CloudStorageStandIn(String bucket) {
        this.bucket = bucket;
        try {
            dir = Files.createTempDirectory("cloud-storage-standin");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "cloud-storage-standin");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Object names in the bucket now. */
    public List<String> names() {
        return objects.values().stream().map(StoredObject::name).toList();
    }

    /** Every request so far, as {@code METHOD path?query} (with any {@code Range}). */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public String bucket() {
        return bucket;
    }

    /** Stores an object as an uploader other than the client under test would (LiveKit's egress). */
    public void put(String name, byte[] content, String contentType) {
        try {
            Path file = Files.createTempFile(dir, "object-", ".bin");
            Files.write(file, content);
            StoredObject replaced = objects.put(name, new StoredObject(bucket, name, generations.incrementAndGet(),
                    content.length, contentType, Map.of(), Instant.now(), file));
            if (replaced != null) {
                Files.deleteIfExists(replaced.content());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getRawPath();
            Map<String, String> query = query(x.getRequestURI().getRawQuery());
            String range = x.getRequestHeaders().getFirst("Range");
            String contentRange = x.getRequestHeaders().getFirst("Content-Range");
            requests.add(x.getRequestMethod() + " " + path + (x.getRequestURI().getRawQuery() == null ? "" : "?"
                    + x.getRequestURI().getRawQuery()) + (range == null ? "" : " Range:" + range)
                    + (contentRange == null ? "" : " Content-Range:" + contentRange));
            Matcher m = ANY_BUCKET.matcher(path);
            if (m.matches() && !bucket.equals(m.group(1))) {
                error(x, 404, "The specified bucket does not exist.");
                return;
            }
            if ((m = UPLOAD.matcher(path)).matches()) {
                if (x.getRequestMethod().equals("POST") && "resumable".equals(query.get("uploadType"))) {
                    startUpload(x, m.group(1), query);
                } else if (x.getRequestMethod().equals("PUT") && query.containsKey("upload_id")) {
                    continueUpload(x, query.get("upload_id"));
                } else {
                    error(x, 400, "only resumable uploads are spoken here");
                }
            } else if ((m = OBJECT.matcher(path)).matches()) {
                String name = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
                StoredObject o = objects.get(name);
                switch (x.getRequestMethod()) {
                    case "GET" -> {
                        if (o == null) {
                            error(x, 404, "No such object: " + bucket + "/" + name);
                        } else if ("media".equals(query.get("alt"))) {
                            media(x, o, range);
                        } else {
                            json(x, 200, resource(o));
                        }
                    }
                    case "DELETE" -> {
                        if (o == null) {
                            error(x, 404, "No such object: " + bucket + "/" + name);
                        } else {
                            objects.remove(name);
                            Files.deleteIfExists(o.content());
                            x.sendResponseHeaders(204, -1);
                        }
                    }
                    default -> error(x, 405, "method not allowed");
                }
            } else if ((m = OBJECTS.matcher(path)).matches()) {
                String prefix = query.getOrDefault("prefix", "");
                ObjectNode list = JSON.createObjectNode().put("kind", "storage#objects");
                ArrayNode items = list.putArray("items");
                objects.values().stream().filter(o -> o.name().startsWith(prefix)).forEach(o -> items.add(resource(o)));
                json(x, 200, list);
            } else if ((m = BUCKET.matcher(path)).matches()) {
                json(x, 200, JSON.createObjectNode().put("kind", "storage#bucket").put("id", bucket).put("name", bucket));
            } else {
                error(x, 404, "no route " + x.getRequestMethod() + " " + path);
            }
        } catch (RuntimeException e) {
            error(x, 500, e.toString());
        }
    }

    private void startUpload(HttpExchange x, String bucketName, Map<String, String> query) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        ObjectNode meta = body.length == 0 ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(body);
        String name = meta.path("name").asText(query.get("name"));
        if (name == null || name.isEmpty()) {
            error(x, 400, "an object name is required");
            return;
        }
        Map<String, String> metadata = new HashMap<>();
        meta.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        String id = UUID.randomUUID().toString();
        String contentType = meta.path("contentType").asText(x.getRequestHeaders().getFirst("X-Upload-Content-Type"));
        uploads.put(id, new Upload(bucketName, name, contentType == null ? "application/octet-stream" : contentType,
                metadata, "0".equals(query.get("ifGenerationMatch")), Files.createTempFile(dir, "upload-", ".part")));
        x.getResponseHeaders().set("Location", url() + "/upload/storage/v1/b/" + bucketName + "/o?uploadType=resumable&upload_id=" + id);
        x.sendResponseHeaders(200, -1);
    }

    private void continueUpload(HttpExchange x, String id) throws IOException {
        Upload upload = uploads.get(id);
        if (upload == null) {
            error(x, 404, "no such upload");
            return;
        }
        String header = x.getRequestHeaders().getFirst("Content-Range");
        Matcher m = header == null ? null : CONTENT_RANGE.matcher(header);
        if (m == null || !m.matches()) {
            error(x, 400, "Content-Range is required");
            return;
        }
        long have = Files.size(upload.content());
        if (m.group(2) != null) {
            long first = Long.parseLong(m.group(2));
            long last = Long.parseLong(m.group(3));
            if (first != have) {
                // as Cloud Storage: a chunk must continue where the stored bytes end
                resumeIncomplete(x, have);
                return;
            }
            try (InputStream in = x.getRequestBody();
                 OutputStream out = Files.newOutputStream(upload.content(), StandardOpenOption.APPEND)) {
                in.transferTo(out);
            }
            have = Files.size(upload.content());
            if (have != last + 1) {
                error(x, 400, "the chunk's length does not match its Content-Range");
                return;
            }
        } else {
            x.getRequestBody().readAllBytes();
        }
        if (m.group(4).equals("*") || Long.parseLong(m.group(4)) != have) {
            resumeIncomplete(x, have);
            return;
        }
        uploads.remove(id);
        if (upload.mustNotExist() && objects.containsKey(upload.name())) {
            Files.deleteIfExists(upload.content());
            error(x, 412, "At least one of the pre-conditions you specified did not hold.");
            return;
        }
        StoredObject stored = new StoredObject(upload.bucket(), upload.name(), generations.incrementAndGet(), have,
                upload.contentType(), Map.copyOf(upload.metadata()), Instant.now(), upload.content());
        StoredObject replaced = objects.put(upload.name(), stored);
        if (replaced != null) {
            Files.deleteIfExists(replaced.content());
        }
        json(x, 200, resource(stored));
    }

    private static void resumeIncomplete(HttpExchange x, long have) throws IOException {
        if (have > 0) {
            x.getResponseHeaders().set("Range", "bytes=0-" + (have - 1));
        }
        x.sendResponseHeaders(308, -1);
    }

    private static void media(HttpExchange x, StoredObject o, String range) throws IOException {
        long first = 0;
        long last = o.size() - 1;
        int status = 200;
        if (range != null && range.startsWith("bytes=")) {
            String[] parts = range.substring(6).split("-", -1);
            first = parts[0].isEmpty() ? Math.max(0, o.size() - Long.parseLong(parts[1])) : Long.parseLong(parts[0]);
            if (!parts[0].isEmpty() && !parts[1].isEmpty()) {
                last = Math.min(last, Long.parseLong(parts[1]));
            }
            if (first >= o.size()) {
                x.getResponseHeaders().set("Content-Range", "bytes */" + o.size());
                error(x, 416, "The requested range cannot be satisfied.");
                return;
            }
            status = 206;
            x.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + o.size());
        }
        long length = last - first + 1;
        x.getResponseHeaders().set("Content-Type", o.contentType());
        x.getResponseHeaders().set("X-Goog-Generation", String.valueOf(o.generation()));
        x.getResponseHeaders().set("X-Goog-Stored-Content-Length", String.valueOf(o.size()));
        x.sendResponseHeaders(status, length == 0 ? -1 : length);
        try (FileChannel channel = FileChannel.open(o.content(), StandardOpenOption.READ);
             OutputStream out = x.getResponseBody()) {
            channel.position(first);
            InputStream in = Channels.newInputStream(channel);
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    private ObjectNode resource(StoredObject o) {
        ObjectNode r = JSON.createObjectNode().put("kind", "storage#object")
                .put("id", o.bucket() + "/" + o.name() + "/" + o.generation())
                .put("name", o.name()).put("bucket", o.bucket())
                .put("generation", String.valueOf(o.generation())).put("metageneration", "1")
                .put("contentType", o.contentType()).put("size", String.valueOf(o.size()))
                .put("timeCreated", o.created().toString()).put("updated", o.created().toString())
                .put("storageClass", "STANDARD");
        ObjectNode meta = r.putObject("metadata");
        o.metadata().forEach(meta::put);
        return r;
    }

    private static void json(HttpExchange x, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void error(HttpExchange x, int status, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", status).put("message", message);
        json(x, status, body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                q.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
