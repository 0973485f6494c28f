package io.hyperstudy.media.assets;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.media.config.MediaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
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
@Typed(LocalAssetStorage.class)
public class LocalAssetStorage implements AssetStorage {
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
        try (SpooledUpload upload = SpooledUpload.receive(body, dir, maxBytes)) {
            String id = UUID.randomUUID().toString();
            Asset asset = upload.asset(id, experimentId, name, uploadedBy, clock.instant());
            Files.move(upload.file(), dir.resolve(id), StandardCopyOption.ATOMIC_MOVE);
            json.writeValue(dir.resolve(id + META).toFile(), asset);
            return asset;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
