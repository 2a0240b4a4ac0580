package dev.ddbstreams.emulators;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * DynamoDB Local stores its tables in SQLite through sqlite4java, whose JNI library is a Maven artifact
 * of type so/dylib/dll that never reaches a class path. This module packages those libraries as
 * resources under {@code /sqlite4java/}; this class extracts the one for this platform, under the name
 * sqlite4java looks for, into a private directory and points {@code sqlite4java.library.path} there.
 * Once per JVM.
 */
final class SqliteNatives {

    private static final String PROPERTY = "sqlite4java.library.path";
    private static boolean prepared;

    private SqliteNatives() {
    }

    static synchronized void prepare() {
        if (prepared || System.getProperty(PROPERTY) != null) {
            prepared = true;
            return;
        }
        String library = libraryFileName();
        try (InputStream in = SqliteNatives.class.getResourceAsStream("/sqlite4java/" + library)) {
            if (in == null) {
                throw new IllegalStateException("No sqlite4java native library for "
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                        + " (looked for /sqlite4java/" + library + "); DynamoDB Local cannot run here");
            }
            Path dir = Files.createTempDirectory("sqlite4java-");
            Path target = dir.resolve(library);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            System.setProperty(PROPERTY, dir.toString());
            prepared = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract the sqlite4java native library", e);
        }
    }

    private static String libraryFileName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return "libsqlite4java-osx.dylib";
        }
        if (os.contains("win")) {
            return "sqlite4java-win32-x64.dll";
        }
        return arch.contains("64") ? "libsqlite4java-linux-amd64.so" : "libsqlite4java-linux-i386.so";
    }
}
