package io.hyperstudy.media.assets;

import java.util.List;

/** Where media assets live: a local directory by default, object storage in production. */
public interface AssetStorage {

    /** The names of the assets stored for an experiment, sorted; empty when there are none. */
    List<StoredAsset> list(String experimentId);

    /** Removes every asset of an experiment; doing it twice is harmless. */
    void deleteExperiment(String experimentId);

    /** True when the store can be written to now. */
    boolean writable();

    /** Experiment ids are 1-128 letters, digits, '-' or '_': nothing that could climb out of a store. */
    static boolean validExperimentId(String id) {
        return id != null && id.matches("[A-Za-z0-9_-]{1,128}");
    }

    record StoredAsset(String name, long size) {
    }
}
