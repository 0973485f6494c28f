package io.hyperstudy.system;

import io.hyperstudy.testinfra.ChildProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs one of the headless Chromium scripts under src/test/browser with node, its output in a log beside the
 * screenshots (target/infra/browser); the script's exit code is its verdict.
 */
final class BrowserScript {
    private BrowserScript() {
    }

    /** The directory the scripts write their screenshots and logs to. */
    static Path shots() {
        return ChildProcess.workDir("browser");
    }

    /** Runs {@code script} with {@code env} (SHOTS is added), prints its output, and fails the test unless it exits 0. */
    static String run(String script, Map<String, String> env) throws Exception {
        Path log = shots().resolve(script.replace(".mjs", ".log"));
        Files.deleteIfExists(log);
        var pb = new ProcessBuilder("node", script)
                .directory(ChildProcess.repoRoot().resolve("system-tests/src/test/browser").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("SHOTS", shots().toString());
        Process node = pb.start();
        if (!node.waitFor(3, TimeUnit.MINUTES)) {
            node.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertEquals(0, node.exitValue(), output);
        return output;
    }
}
