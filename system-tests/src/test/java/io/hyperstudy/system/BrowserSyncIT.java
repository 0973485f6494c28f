package io.hyperstudy.system;

import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.ChildProcess;
import io.hyperstudy.testinfra.StaffTokens;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real headless Chromium: pages in one room play the same video through the gateway, with the
 * browser client served by the gateway; the host plays, seeks and pauses; the pages' presented frames
 * must agree within 20 ms at p95. The figures are in the output (src/test/browser/sync-video.mjs).
 */
class BrowserSyncIT {

    @Test
    void pagesInOneRoomShowTheSameFrame() throws Exception {
        Path browserTests = ChildProcess.repoRoot().resolve("system-tests/src/test/browser");
        if (!Files.isDirectory(browserTests.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed in " + browserTests
                    + ": run dev/test.sh (it installs Chromium, ffmpeg and the npm packages)");
        }
        String output = BrowserScript.run("sync-video.mjs", Map.of(
                "GATEWAY_URL", Platform.get().url(Service.GATEWAY),
                "STAFF_TOKEN", StaffTokens.token("host", "admin"),
                "VIDEO_FILE", BrowserScript.testVideo(40).toString(),
                "PAGES", "2",
                "TARGET_P95_MS", "20"));
        assertTrue(output.contains("after the host plays: pairs of 2 pages agree"), output);
    }
}
