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

    /**
     * A 60 fps test pattern (VP8 WebM, 320×240, a key frame every half second so that seeks are quick), made
     * with ffmpeg once per run: what the browser tests play in sync.
     */
    static Path testVideo(int seconds) throws Exception {
        Path video = shots().resolve("test-60fps-" + seconds + "s.webm");
        if (Files.exists(video)) {
            return video;
        }
        Path log = shots().resolve("ffmpeg.log");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=60", "-t", String.valueOf(seconds), "-c:v", "libvpx", "-b:v", "400k",
                "-deadline", "realtime", "-cpu-used", "8", "-g", "30", video.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!ffmpeg.waitFor(2, TimeUnit.MINUTES) || ffmpeg.exitValue() != 0) {
            ffmpeg.destroyForcibly();
            throw new IllegalStateException("ffmpeg failed:\n" + Files.readString(log));
        }
        return video;
    }

    /** Runs {@code script} with {@code env} (SHOTS is added), prints its output, and fails the test unless it exits 0. */
    static String run(String script, Map<String, String> env) throws Exception {
        return run(script, env, 3);
    }

    /** As {@link #run(String, Map)}, for a script that may take up to {@code minutes}. */
    static String run(String script, Map<String, String> env, int minutes) throws Exception {
        Path log = shots().resolve(script.replace(".mjs", ".log"));
        Files.deleteIfExists(log);
        var pb = new ProcessBuilder("node", script)
                .directory(ChildProcess.repoRoot().resolve("system-tests/src/test/browser").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("SHOTS", shots().toString());
        Process node = pb.start();
        if (!node.waitFor(minutes, TimeUnit.MINUTES)) {
            node.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertEquals(0, node.exitValue(), output);
        return output;
    }
}
