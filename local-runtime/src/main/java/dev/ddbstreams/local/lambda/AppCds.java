package dev.ddbstreams.local.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Application class data sharing for function JVMs (JDK 13+ dynamic archives). The first process of a jar
 * runs with {@code -XX:ArchiveClassesAtExit} and writes the archive when it is stopped gracefully; later
 * processes of the same jar start with {@code -XX:SharedArchiveFile}. The archive name covers the jar's
 * path, size and modification time, the handler and the JDK, so a rebuilt jar or another JDK records anew;
 * a stale or damaged archive is ignored by the JVM ({@code -Xshare:auto}), never fatal.
 *
 * @see <a href="https://docs.oracle.com/en/java/javase/17/vm/class-data-sharing.html">Class data sharing</a>
 */
final class AppCds implements LaunchOptions {

    static final String RECORD_OPTION = "-XX:ArchiveClassesAtExit=";

    private final Path directory;
    private final Set<Path> recording = ConcurrentHashMap.newKeySet();

    AppCds(Path directory) {
        this.directory = directory;
    }

    /** The options for the next process of {@code function}: use the archive, record it, or nothing. */
    @Override
    public List<String> forLaunch(LocalFunction function) {
        if (!Files.isRegularFile(function.jar()) || !function.libraries().isEmpty()) {
            // CDS refuses non-empty directories on the class path (e.g. target/classes, an extracted .zip package)
            return List.of();
        }
        Path archive;
        try {
            Files.createDirectories(directory);
            archive = directory.resolve(function.jar().getFileName() + "-" + key(function) + ".jsa");
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // no jar yet, or no cache directory: start without CDS
        }
        if (Files.isRegularFile(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        // One recorder per archive; a recorder that died without writing it gives the next start its turn.
        if (recording.add(archive)) {
            deleteOtherArchives(function, archive);
            return List.of(RECORD_OPTION + archive);
        }
        return List.of();
    }

    /** A recording process is asked to stop, not killed: the JVM writes the archive as it exits. */
    @Override
    public boolean wantsGracefulStop(List<String> options) {
        return isRecording(options);
    }

    /** A recording process has ended (archive written or not): the next start may record, or use it. */
    @Override
    public void processEnded(List<String> options) {
        options.stream().filter(option -> option.startsWith(RECORD_OPTION))
                .forEach(option -> recording.remove(Path.of(option.substring(RECORD_OPTION.length()))));
    }

    /** Archives of earlier builds of the same jar are of no further use. */
    private void deleteOtherArchives(LocalFunction function, Path keep) {
        String prefix = function.jar().getFileName() + "-";
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(file -> file.getFileName().toString().startsWith(prefix) && !file.equals(keep)
                            && file.getFileName().toString().endsWith(".jsa"))
                    .forEach(file -> file.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // Stale archives only waste disk space.
        }
    }

    static boolean isRecording(List<String> options) {
        return options.stream().anyMatch(option -> option.startsWith(RECORD_OPTION));
    }

    private static String key(LocalFunction function) {
        try {
            Path jar = function.jar().toAbsolutePath();
            String identity = jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|"
                    + function.handler() + "|" + Runtime.version();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
