package io.hyperstudy.bots;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs bots against a running platform:
 * {@code mvn -q -pl bots exec:java -Dexec.args="http://127.0.0.1:8080 SESSION_ID KEY 4"}
 * (the session's link gives its id and key). Prints each bot's path through the experiment.
 */
public final class BotRunner {
    private BotRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: BotRunner BASE_URL SESSION_ID KEY COUNT");
            System.exit(2);
        }
        URI base = URI.create(args[0]);
        int count = Integer.parseInt(args[3]);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        List<Future<BotResult>> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> params = Map.of("PROLIFIC_PID", "bot-" + System.nanoTime() + "-" + i);
            runs.add(pool.submit(new Bot(base, args[1], args[2], params, Behaviour.polite(Duration.ofSeconds(1)),
                    Duration.ofMinutes(30))));
        }
        for (Future<BotResult> run : runs) {
            BotResult r = run.get();
            System.out.printf("%s role=%s room=%s states=%s responses=%d outcome=%s code=%s%n", r.participantId(),
                    r.role(), r.roomId(), r.states(), r.responses(), r.outcome(), r.code());
        }
        pool.shutdown();
    }
}
