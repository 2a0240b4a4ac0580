package dev.ddbstreams.endpoint.persistence;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Keeps one service's state as a JSON snapshot that is rewritten, atomically, after each change: written to a
 * temporary file, forced to disk, then moved over the previous snapshot. A change acknowledged to a client is on disk,
 * and a crash mid-write leaves the previous snapshot whole. Control-plane state (roles, log groups, alarms) is small, so
 * rewriting it whole is cheap; log events, which grow, use {@link JsonLinesJournal} instead.
 * Without a directory, nothing is kept.
 *
 * @param <T> the snapshot's type, a Jackson-serialisable value
 */
public final class SnapshotStore<T> {
    static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Optional<Path> file;
    private final Class<T> type;

    private SnapshotStore(Optional<Path> file, Class<T> type) {
        this.file = file;
        this.type = type;
    }

    /** A store writing {@code <directory>/<name>.json}, or keeping nothing when {@code directory} is empty. */
    public static <T> SnapshotStore<T> in(Optional<Path> directory, String name, Class<T> type) {
        return new SnapshotStore<>(directory.map(dir -> dir.resolve(name + ".json")), type);
    }

    /** The last snapshot written, if there is one. */
    public Optional<T> load() {
        if (file.isEmpty() || !Files.exists(file.get())) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readValue(file.get().toFile(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.get(), e);
        }
    }

    public void save(T state) {
        if (file.isEmpty()) {
            return;
        }
        Path target = file.get();
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            byte[] json = MAPPER.writeValueAsBytes(state);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(json));
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }
}
