package io.hyperstudy.experiment.room;

import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.domain.Version;
import io.hyperstudy.experiment.session.Session;
import io.hyperstudy.experiment.session.SessionStore;
import io.hyperstudy.experiment.store.ExperimentStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a room runs: its session's published version and settings, as a {@link RoomMachine}. Published
 * versions never change and a session's settings are fixed when it is created, so both are cached
 * (bounded) and every replica builds the same machine.
 */
@ApplicationScoped
public class RoomPlans {
    private static final int CACHE = 256;

    @Inject
    SessionStore sessions;

    @Inject
    ExperimentStore experiments;

    @Inject
    ExperimentServiceConfig config;

    private final Map<String, Session> sessionCache = lru();
    private final Map<String, Definition> versionCache = lru();

    public Session session(String sessionId) {
        Session cached = sessionCache.get(sessionId);
        if (cached != null) {
            return cached;
        }
        Session s = sessions.find(sessionId).orElseThrow(() -> new IllegalStateException("no session " + sessionId));
        sessionCache.put(sessionId, s);
        return s;
    }

    public Definition definition(String experimentId, int version) {
        String key = experimentId + "/" + version;
        Definition cached = versionCache.get(key);
        if (cached != null) {
            return cached;
        }
        Version v = experiments.findVersion(experimentId, version)
                .orElseThrow(() -> new IllegalStateException("no version " + key));
        versionCache.put(key, v.definition());
        return v.definition();
    }

    public RoomMachine machine(String sessionId) {
        Session s = session(sessionId);
        return new RoomMachine(definition(s.experimentId(), s.version()), config.rooms().stateLead().toMillis(),
                config.rooms().recordingLead().toMillis(), s.settings().graceSeconds() * 1000L);
    }

    private static <V> Map<String, V> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CACHE;
            }
        });
    }
}
