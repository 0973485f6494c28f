package io.hyperstudy.media.assets;

import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import io.hyperstudy.media.config.MediaConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Assets in Firebase Storage (a Cloud Storage bucket): {@code experiments/<experimentId>/<assetId>}, with
 * what the asset is (name, checksum, duration, uploader) in the object's metadata. An upload is checked
 * while it is spooled to a temporary file and sent to the bucket only once accepted (a resumable upload,
 * so memory stays bounded); downloads read the byte range asked for. Made by {@link AssetStorageProducer}.
 */
public class FirebaseAssetStorage implements AssetStorage {
    static final String NAME = "hs-name";
    static final String SHA256 = "hs-sha256";
    static final String DURATION = "hs-duration-seconds";
    static final String UPLOADED_BY = "hs-uploaded-by";
    static final String UPLOADED_AT = "hs-uploaded-at";

    private final Storage storage;
    private final String bucket;
    private final MediaConfig config;
    private final Clock clock;

    public FirebaseAssetStorage(Storage storage, String bucket, MediaConfig config, Clock clock) {
        this.storage = storage;
        this.bucket = bucket;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Asset store(String experimentId, String name, String uploadedBy, InputStream body, long maxBytes) {
        String prefix = prefix(experimentId);
        try (SpooledUpload upload = SpooledUpload.receive(body, config.storageDir().resolve("spool"), maxBytes)) {
            Asset asset = upload.asset(UUID.randomUUID().toString(), experimentId, name, uploadedBy, clock.instant());
            Map<String, String> meta = new HashMap<>();
            meta.put(NAME, asset.name());
            meta.put(SHA256, asset.sha256());
            meta.put(UPLOADED_BY, asset.uploadedBy());
            meta.put(UPLOADED_AT, asset.uploadedAt().toString());
            if (asset.durationSeconds() != null) {
                meta.put(DURATION, asset.durationSeconds().toString());
            }
            BlobInfo info = BlobInfo.newBuilder(BlobId.of(bucket, prefix + asset.id()))
                    .setContentType(asset.contentType()).setMetadata(meta).build();
            // the object is created only if absent: a new id never overwrites anything
            storage.createFrom(info, upload.file(), Storage.BlobWriteOption.doesNotExist());
            return asset;
        } catch (IOException | StorageException e) {
            throw new UncheckedIOException(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
    }

    @Override
    public List<Asset> list(String experimentId) {
        List<Asset> assets = new ArrayList<>();
        try {
            Page<Blob> page = storage.list(bucket, Storage.BlobListOption.prefix(prefix(experimentId)));
            for (Blob blob : page.iterateAll()) {
                asset(experimentId, blob).ifPresent(assets::add);
            }
        } catch (StorageException e) {
            throw CloudObjects.unavailable(e);
        }
        assets.sort(Comparator.comparing(Asset::uploadedAt));
        return assets;
    }

    @Override
    public Optional<Asset> find(String experimentId, String assetId) {
        if (!AssetStorage.validId(assetId)) {
            return Optional.empty();
        }
        try {
            Blob blob = storage.get(BlobId.of(bucket, prefix(experimentId) + assetId));
            return blob == null ? Optional.empty() : asset(experimentId, blob);
        } catch (StorageException e) {
            throw CloudObjects.unavailable(e);
        }
    }

    @Override
    public InputStream read(String experimentId, String assetId, long offset, long length) {
        return CloudObjects.read(storage, BlobId.of(bucket, prefix(experimentId) + assetId), offset, length);
    }

    @Override
    public boolean delete(String experimentId, String assetId) {
        if (!AssetStorage.validId(assetId)) {
            return false;
        }
        try {
            return storage.delete(BlobId.of(bucket, prefix(experimentId) + assetId));
        } catch (StorageException e) {
            throw CloudObjects.unavailable(e);
        }
    }

    @Override
    public void deleteExperiment(String experimentId) {
        try {
            for (Blob blob : storage.list(bucket, Storage.BlobListOption.prefix(prefix(experimentId))).iterateAll()) {
                storage.delete(blob.getBlobId());
            }
        } catch (StorageException e) {
            throw CloudObjects.unavailable(e);
        }
    }

    @Override
    public boolean writable() {
        try {
            return storage.get(bucket) != null;
        } catch (StorageException e) {
            return false;
        }
    }

    private static Optional<Asset> asset(String experimentId, Blob blob) {
        Map<String, String> meta = blob.getMetadata();
        if (meta == null || meta.get(SHA256) == null || meta.get(UPLOADED_AT) == null) {
            return Optional.empty();
        }
        String name = blob.getName();
        String id = name.substring(name.lastIndexOf('/') + 1);
        String duration = meta.get(DURATION);
        return Optional.of(new Asset(id, experimentId, meta.getOrDefault(NAME, "asset"), blob.getContentType(),
                blob.getSize(), meta.get(SHA256), duration == null ? null : Double.valueOf(duration),
                meta.get(UPLOADED_BY), Instant.parse(meta.get(UPLOADED_AT))));
    }

    private static String prefix(String experimentId) {
        if (!AssetStorage.validId(experimentId)) {
            throw new IllegalArgumentException("not an experiment id: " + experimentId);
        }
        return "experiments/" + experimentId + "/";
    }
}
