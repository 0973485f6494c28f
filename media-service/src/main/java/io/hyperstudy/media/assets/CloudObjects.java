package io.hyperstudy.media.assets;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;

/** Reading Cloud Storage objects by byte range, for assets and recordings alike. */
public final class CloudObjects {
    private CloudObjects() {
    }

    /** {@code length} bytes of the object from {@code offset}, streamed; the caller closes the stream. */
    public static InputStream read(Storage storage, BlobId object, long offset, long length) {
        try {
            ReadChannel channel = storage.reader(object);
            channel.seek(offset);
            channel.limit(offset + length);
            return Channels.newInputStream(channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (StorageException e) {
            throw unavailable(e);
        }
    }

    public static UncheckedIOException unavailable(StorageException e) {
        return new UncheckedIOException(new IOException("Cloud Storage: " + e.getMessage(), e));
    }
}
