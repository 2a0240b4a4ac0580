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

        List<String> first = appCds.optionsFor(function);
        List<String> meanwhile = appCds.optionsFor(function);
        String archive = first.get(0).substring(AppCds.RECORD_OPTION.length());
        Files.writeString(Path.of(archive), "archive");
        List<String> later = appCds.optionsFor(function);

        assertTrue(AppCds.isRecording(first), first.toString());
        assertEquals(List.of(), meanwhile);
        assertEquals(List.of("-XX:SharedArchiveFile=" + archive), later);
    }

    @Test
    void recorderThatDiedWithoutAnArchive_letsTheNextStartRecord() throws IOException {
        LocalFunction function = function(Files.writeString(directory.resolve("fn.jar"), "jar"));
        AppCds appCds = new AppCds(directory.resolve("cds"));
        List<String> first = appCds.optionsFor(function);

        appCds.recordingEnded(first);

        assertEquals(first, appCds.optionsFor(function));
    }

    @Test
    void rebuiltJar_getsAnArchiveOfItsOwn() throws IOException {
        Path jar = Files.writeString(directory.resolve("fn.jar"), "jar");
        AppCds appCds = new AppCds(directory.resolve("cds"));
        List<String> before = appCds.optionsFor(function(jar));

        Files.writeString(jar, "rebuilt jar, other size");

        List<String> after = appCds.optionsFor(function(jar));
        assertTrue(AppCds.isRecording(after));
        assertTrue(!before.equals(after), before + " vs " + after);
    }

    @Test
    void missingJar_startsWithoutClassDataSharing() {
        AppCds appCds = new AppCds(directory.resolve("cds"));

        assertEquals(List.of(), appCds.optionsFor(function(directory.resolve("absent.jar"))));
    }

    private static LocalFunction function(Path jar) {
        return new LocalFunction("fn", "com.example.Handler", jar, 256, Duration.ofSeconds(3), Map.of(), 1);
    }
}
