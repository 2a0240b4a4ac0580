package dev.ddbstreams.endpoint.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deployment packages on disk, named by their SHA-256 ({@code <dir>/<sha-hex>.zip}): a package is written once and
 * never changed, so a {@link FunctionDefinition} can point at its file while a newer upload gets a new one. Without a
 * data directory the packages go to a temporary directory that {@link #close} deletes.
 */
final class CodeStore implements AutoCloseable {
    private final Path directory;
    private final boolean temporary;

    CodeStore(Path directory, boolean temporary) {
        this.directory = directory;
        this.temporary = temporary;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + directory, e);
        }
    }

    Path path(String shaHex) {
        return directory.resolve(shaHex + ".zip");
    }

    /** Stores {@code zip} (durably: written to a temporary file, forced, then moved) unless it is already there. */
    Path store(String shaHex, byte[] zip) {
        Path target = path(shaHex);
        if (Files.exists(target)) {
            return target;
        }
        Path partial = directory.resolve(shaHex + ".zip.tmp");
        try (var channel = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(zip));
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + partial, e);
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
        return target;
    }

    byte[] read(String shaHex) throws IOException {
        return Files.readAllBytes(path(shaHex));
    }

    /** Deletes packages no stored version refers to any more. */
    void retainOnly(Set<String> referenced) {
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(file -> file.getFileName().toString().endsWith(".zip"))
                    .filter(file -> !referenced.contains(file.getFileName().toString().replace(".zip", "")))
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // Unreferenced packages are only disk space; the next change tries again.
        }
    }

    @Override
    public void close() {
        if (!temporary) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
