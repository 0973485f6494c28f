package io.hyperstudy.media.assets;

/** An upload the store will not keep: too large (413) or not a media type it serves (415). */
public class AssetRefused extends RuntimeException {
    private final int status;

    public AssetRefused(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
