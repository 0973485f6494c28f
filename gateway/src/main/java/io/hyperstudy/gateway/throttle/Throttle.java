package io.hyperstudy.gateway.throttle;

import io.hyperstudy.gateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fixed-window request counters in Redis, per client address and per token subject, for each
 * {@link RouteClass}: one script call counts both and says how long the window has left, so every gateway
 * replica shares the same counts. A request over either limit is refused with the time to wait.
 */
@ApplicationScoped
public class Throttle {
    private static final Logger LOG = Logger.getLogger(Throttle.class);
    static final String PREFIX = "hs:rl:";
    /** INCR each key, start its window on the first count, answer count and time left for each. */
    static final String SCRIPT = """
            local out = {}
            for i, key in ipairs(KEYS) do
              local n = redis.call('INCR', key)
              if n == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
              local ttl = redis.call('PTTL', key)
              if ttl < 0 then redis.call('PEXPIRE', key, ARGV[1]); ttl = tonumber(ARGV[1]) end
              out[#out + 1] = n
              out[#out + 1] = ttl
            end
            return out""";
    private static final long LOG_EVERY_MS = 10_000;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    GatewayConfig config;

    private final AtomicLong lastWarned = new AtomicLong();

    /** Counts one request of {@code routeClass} from {@code address} (and {@code subject}, if it has a token). */
    public Uni<Verdict> check(RouteClass routeClass, String address, String subject) {
        GatewayConfig.Throttle limits = config.throttle();
        if (!limits.enabled()) {
            return Uni.createFrom().item(Verdict.ALLOW);
        }
        Limits l = Limits.of(limits, routeClass);
        List<String> keys = new ArrayList<>();
        List<Integer> caps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (l.perAddress() > 0 && address != null) {
            keys.add(PREFIX + routeClass.key() + ":a:" + address);
            caps.add(l.perAddress());
            names.add("address");
        }
        if (l.perSubject() > 0 && subject != null) {
            keys.add(PREFIX + routeClass.key() + ":s:" + subject);
            caps.add(l.perSubject());
            names.add("token");
        }
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Verdict.ALLOW);
        }
        List<String> args = new ArrayList<>();
        args.add(SCRIPT);
        args.add(String.valueOf(keys.size()));
        args.addAll(keys);
        args.add(String.valueOf(limits.window().toMillis()));
        return redis.execute("EVAL", args.toArray(String[]::new))
                .ifNoItem().after(limits.redisTimeout()).fail()
                .map(answer -> verdict(answer, caps, names))
                .onFailure().recoverWithItem(e -> {
                    long now = System.currentTimeMillis();
                    long last = lastWarned.get();
                    if (now - last > LOG_EVERY_MS && lastWarned.compareAndSet(last, now)) {
                        LOG.warnf("rate limits cannot be counted (Redis: %s); admitting known callers, "
                                + "refusing new redeems until it is back", e.toString());
                    }
                    return Verdict.UNKNOWN;
                });
    }

    private static Verdict verdict(Response answer, List<Integer> caps, List<String> names) {
        for (int i = 0; i < caps.size(); i++) {
            long count = answer.get(2 * i).toLong();
            if (count > caps.get(i)) {
                return Verdict.limited(answer.get(2 * i + 1).toLong(), names.get(i));
            }
        }
        return Verdict.ALLOW;
    }

    /** The limits of one route class, per window. */
    record Limits(int perAddress, int perSubject) {
        static Limits of(GatewayConfig.Throttle t, RouteClass c) {
            return switch (c) {
                case REDEEM -> new Limits(t.redeemPerAddress(), 0);
                case PARTICIPANT -> new Limits(t.participantPerAddress(), t.participantPerToken());
                case MEDIA -> new Limits(t.mediaPerAddress(), t.mediaPerToken());
                case UPLOAD -> new Limits(t.uploadPerAddress(), t.uploadPerToken());
                case WEBHOOK -> new Limits(t.webhookPerAddress(), 0);
                case SOCKET -> new Limits(t.socketPerAddress(), t.socketPerToken());
                case API -> new Limits(t.apiPerAddress(), t.apiPerToken());
            };
        }
    }

}
