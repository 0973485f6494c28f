package io.hyperstudy.media.assets;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where media assets live: a local directory by default; object storage in production. Uploads are
 * streamed through, never held in memory; reads are by byte range, so a player can seek.
 */
public interface AssetStorage {

    /**
     * Stores an upload as it arrives: refuses it ({@link AssetRefused}) past {@code maxBytes} or when its
     * bytes are not a media type the platform serves; computes its checksum and, where it can, duration.
     */
    Asset store(String experimentId, String name, String uploadedBy, InputStream body, long maxBytes);

    /** The experiment's assets, oldest first. */
    List<Asset> list(String experimentId);

    Optional<Asset> find(String experimentId, String assetId);

    /** {@code length} bytes of the asset's content from {@code offset}; the caller closes the stream. */
    InputStream read(String experimentId, String assetId, long offset, long length);

    /** False when there was no such asset. */
    boolean delete(String experimentId, String assetId);

    /** Removes every asset of an experiment; doing it twice is harmless. */
    void deleteExperiment(String experimentId);

    /** True when the store can be written to now. */
    boolean writable();

    /** Ids are 1-128 letters, digits, '-' or '_': nothing that could climb out of a store. */
    static boolean validId(String id) {
        return id != null && id.matches("[A-Za-z0-9_-]{1,128}");
    }
}
