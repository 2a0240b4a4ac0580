package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppCdsTest {

    @TempDir
    Path directory;

    @Test
    void firstProcessRecords_othersWait_andLaterProcessesUseTheArchive() throws IOException {
        LocalFunction function = function(Files.writeString(directory.resolve("fn.jar"), "jar"));
        AppCds appCds = new AppCds(directory.resolve("cds"));

        List<String> first = appCds.forLaunch(function);
        List<String> meanwhile = appCds.forLaunch(function);
        String archive = first.get(0).substring(AppCds.RECORD_OPTION.length());
        Files.writeString(Path.of(archive), "archive");
        List<String> later = appCds.forLaunch(function);

        assertTrue(AppCds.isRecording(first), first.toString());
        assertEquals(List.of(), meanwhile);
        assertEquals(List.of("-XX:SharedArchiveFile=" + archive), later);
    }

    @Test
    void recorderThatDiedWithoutAnArchive_letsTheNextStartRecord() throws IOException {
        LocalFunction function = function(Files.writeString(directory.resolve("fn.jar"), "jar"));
        AppCds appCds = new AppCds(directory.resolve("cds"));
        List<String> first = appCds.forLaunch(function);

        appCds.processEnded(first);

        assertEquals(first, appCds.forLaunch(function));
    }

    @Test
    void rebuiltJar_getsAnArchiveOfItsOwn() throws IOException {
        Path jar = Files.writeString(directory.resolve("fn.jar"), "jar");
        AppCds appCds = new AppCds(directory.resolve("cds"));
        List<String> before = appCds.forLaunch(function(jar));

        Files.writeString(jar, "rebuilt jar, other size");

        List<String> after = appCds.forLaunch(function(jar));
        assertTrue(AppCds.isRecording(after));
        assertTrue(!before.equals(after), before + " vs " + after);
    }

    @Test
    void missingJar_startsWithoutClassDataSharing() {
        AppCds appCds = new AppCds(directory.resolve("cds"));

        assertEquals(List.of(), appCds.forLaunch(function(directory.resolve("absent.jar"))));
    }

    @Test
    void classesDirectory_startsWithoutClassDataSharing_whichRefusesDirectories() throws IOException {
        AppCds appCds = new AppCds(directory.resolve("cds"));
        Path classes = Files.createDirectories(directory.resolve("target/classes"));
        Files.writeString(classes.resolve("A.class"), "x");

        assertEquals(List.of(), appCds.forLaunch(function(classes)));
    }

    @Test
    void onlyARecordingProcess_isStoppedGracefully() throws IOException {
        AppCds appCds = new AppCds(directory.resolve("cds"));
        List<String> recording = appCds.forLaunch(function(Files.writeString(directory.resolve("fn.jar"), "jar")));

        assertTrue(appCds.wantsGracefulStop(recording));
        assertTrue(!appCds.wantsGracefulStop(List.of("-XX:SharedArchiveFile=/x.jsa")));
    }

    private static LocalFunction function(Path jar) {
        return new LocalFunction("fn", "com.example.Handler", jar, 256, Duration.ofSeconds(3), Map.of(), 1);
    }
}
