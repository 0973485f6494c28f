package io.hyperstudy.media.assets;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.media.config.MediaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Assets in a local directory: {@code <storageDir>/experiments/<experimentId>/<assetId>} with its
 * metadata beside it in {@code <assetId>.json}. An upload goes to a temporary file first and is moved
 * into place only when complete and accepted, so a half-written asset is never served.
 */
@ApplicationScoped
public class LocalAssetStorage implements AssetStorage {
    static final int BUFFER = 64 * 1024;
    static final String META = ".json";

    @Inject
    MediaConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Override
    public Asset store(String experimentId, String name, String uploadedBy, InputStream body, long maxBytes) {
        Path dir = experimentDir(experimentId);
        String id = UUID.randomUUID().toString();
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
            Asset asset = new Asset(id, experimentId, cleanName(name), type, size, HexFormat.of().formatHex(sha.digest()),
                    duration, uploadedBy, clock.instant());
            Files.move(temp, dir.resolve(id), StandardCopyOption.ATOMIC_MOVE);
            json.writeValue(dir.resolve(id + META).toFile(), asset);
            return asset;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover temporary file is never listed or served
                }
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

    @Override
    public List<Asset> list(String experimentId) {
        Path dir = experimentDir(experimentId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(META)).map(this::readMeta)
                    .flatMap(Optional::stream).sorted(Comparator.comparing(Asset::uploadedAt)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<Asset> find(String experimentId, String assetId) {
        if (!AssetStorage.validId(assetId)) {
            return Optional.empty();
        }
        Path meta = experimentDir(experimentId).resolve(assetId + META);
        return Files.exists(meta) ? readMeta(meta) : Optional.empty();
    }

    @Override
    public InputStream read(String experimentId, String assetId, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(experimentDir(experimentId).resolve(assetId), StandardOpenOption.READ);
            channel.position(offset);
            InputStream whole = Channels.newInputStream(channel);
            return new InputStream() {
                long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = whole.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = whole.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    whole.close();
                }
            };
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("asset " + assetId + " has metadata but no content", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean delete(String experimentId, String assetId) {
        if (!AssetStorage.validId(assetId)) {
            return false;
        }
        Path dir = experimentDir(experimentId);
        try {
            boolean existed = Files.deleteIfExists(dir.resolve(assetId + META));
            Files.deleteIfExists(dir.resolve(assetId));
            return existed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deleteExperiment(String experimentId) {
        Path dir = experimentDir(experimentId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException ignored) {
            // removed concurrently: the outcome is the same
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean writable() {
        Path root = config.storageDir();
        try {
            Files.createDirectories(root);
            return Files.isWritable(root);
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<Asset> readMeta(Path meta) {
        try {
            return Optional.of(json.readValue(meta.toFile(), Asset.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Path experimentDir(String experimentId) {
        if (!AssetStorage.validId(experimentId)) {
            throw new IllegalArgumentException("not an experiment id: " + experimentId);
        }
        return config.storageDir().resolve("experiments").resolve(experimentId);
    }
}
