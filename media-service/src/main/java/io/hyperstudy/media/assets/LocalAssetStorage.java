package io.hyperstudy.media.assets;

import io.hyperstudy.media.config.MediaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Assets in a local directory: {@code <storageDir>/experiments/<experimentId>/<asset>}. */
@ApplicationScoped
public class LocalAssetStorage implements AssetStorage {
    @Inject
    MediaConfig config;

    @Override
    public List<StoredAsset> list(String experimentId) {
        Path dir = experimentDir(experimentId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted()
                    .map(f -> new StoredAsset(f.getFileName().toString(), size(f))).toList();
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

    private Path experimentDir(String experimentId) {
        if (!AssetStorage.validExperimentId(experimentId)) {
            throw new IllegalArgumentException("not an experiment id: " + experimentId);
        }
        return config.storageDir().resolve("experiments").resolve(experimentId);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }
}
