package io.hyperstudy.system;

import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.ChildProcess;
import io.hyperstudy.testinfra.StaffTokens;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real headless Chromium: pages in one room play the same video through the gateway, with the
 * browser client served by the gateway; the host plays, seeks and pauses; the pages' presented frames
 * must agree within 20 ms at p95. The figures are in the output (src/test/browser/sync-video.mjs).
 */
class BrowserSyncIT {

    @Test
    void pagesInOneRoomShowTheSameFrame() throws Exception {
        Platform platform = Platform.get();
        Path browserTests = ChildProcess.repoRoot().resolve("system-tests/src/test/browser");
        if (!Files.isDirectory(browserTests.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed in " + browserTests
                    + ": run dev/test.sh (it installs Chromium, ffmpeg and the npm packages)");
        }
        Path work = ChildProcess.workDir("browser");
        Path video = work.resolve("test-60fps.webm");
        // a 60 fps test pattern with keyframes every half second, so that seeks are quick
        run("ffmpeg", List.of("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=60", "-t", "40", "-c:v", "libvpx", "-b:v", "400k", "-deadline", "realtime",
                "-cpu-used", "8", "-g", "30", video.toString()), Map.of(), work.resolve("ffmpeg.log"), browserTests);

        Path log = work.resolve("sync-video.log");
        int exit = run("browser test", List.of("node", "sync-video.mjs"), Map.of(
                "GATEWAY_URL", platform.url(Service.GATEWAY),
                "STAFF_TOKEN", StaffTokens.token("host", "admin"),
                "VIDEO_FILE", video.toString(),
                "PAGES", "2",
                "TARGET_P95_MS", "20"), log, browserTests);
        String output = Files.readString(log);
        System.out.println(output);
        assertTrue(output.contains("after the host plays: pairs of 2 pages agree"), output);
        assertEquals(0, exit, "pages disagree by more than 20 ms at p95:\n" + output);
    }

    private static int run(String name, List<String> command, Map<String, String> env, Path log, Path dir)
            throws Exception {
        Files.deleteIfExists(log);
        var pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(Duration.ofMinutes(3).toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " did not finish in 3 minutes:\n" + Files.readString(log));
        }
        if (name.equals("ffmpeg") && p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed:\n" + Files.readString(log));
        }
        return p.exitValue();
    }
}
