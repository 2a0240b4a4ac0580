package dev.ddbstreams.local.faults;

import dev.ddbstreams.local.wiring.Wiring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * A copy of what the local runtime reads from the repository: the wiring, every function's jar and the Lambda
 * runtime libraries, laid out as in the repository. A long run works on the copy, so a build in the working tree
 * meanwhile (which rewrites the jars under the running function JVMs, which then fail with NoClassDefFoundError)
 * cannot disturb it. A jar being written while it is copied is copied again until it is a complete zip.
 */
final class RepositorySnapshot {

    private RepositorySnapshot() {
    }

    /** Copies into {@code target} and returns it, to be used as the runtime's repository root. */
    static Path copy(Path repositoryRoot, Path target) {
        try {
            Path wiringFile = repositoryRoot.resolve("terraform").resolve("wiring.json");
            copyFile(wiringFile, target.resolve("terraform").resolve("wiring.json"));
            for (String module : new TreeSet<>(Wiring.load(wiringFile).functions().values().stream()
                    .map(function -> function.module()).toList())) {
                Path jar = Path.of(module, "target", module + ".jar");
                copyFile(repositoryRoot.resolve(jar), target.resolve(jar));
            }
            Path libraries = Path.of("local-runtime", "target", "lambda-runtime");
            try (Stream<Path> files = Files.list(repositoryRoot.resolve(libraries))) {
                for (Path file : files.toList()) {
                    copyFile(file, target.resolve(libraries).resolve(file.getFileName().toString()));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the function jars (run `make build` first?)", e);
        }
    }

    /** Attempts at copying a jar that is being written (a build running): one every {@link #RETRY_PAUSE_MILLIS}. */
    private static final int COPY_ATTEMPTS = 60;
    private static final long RETRY_PAUSE_MILLIS = 2_000;

    private static void copyFile(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        for (int attempt = 1; ; attempt++) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            if (!to.toString().endsWith(".jar") || isCompleteZip(to)) {
                return;
            }
            if (attempt == COPY_ATTEMPTS) {
                throw new IOException(from + " is not a complete jar (a build still writing it?)");
            }
            try {
                Thread.sleep(RETRY_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + from, e);
            }
        }
    }

    /** A jar copied while a build writes it has no (or a broken) central directory. */
    private static boolean isCompleteZip(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.size() > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
