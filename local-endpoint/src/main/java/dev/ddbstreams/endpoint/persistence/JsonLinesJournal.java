package dev.ddbstreams.endpoint.persistence;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An append-only file of JSON lines, forced to disk on each append. A torn last line (a crash mid-append) is ignored on
 * reading. {@link #rewrite} replaces the whole file atomically, for compaction after a delete.
 */
public final class JsonLinesJournal implements AutoCloseable {
    private final Optional<Path> file;
    private FileChannel channel;

    private JsonLinesJournal(Optional<Path> file) {
        this.file = file;
    }

    /** A journal in {@code <directory>/<name>.jsonl}, or one that keeps nothing when {@code directory} is empty. */
    public static JsonLinesJournal in(Optional<Path> directory, String name) {
        return new JsonLinesJournal(directory.map(dir -> dir.resolve(name + ".jsonl")));
    }

    public synchronized List<JsonNode> readAll() {
        List<JsonNode> entries = new ArrayList<>();
        if (file.isEmpty() || !Files.exists(file.get())) {
            return entries;
        }
        try (BufferedReader reader = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    entries.add(SnapshotStore.MAPPER.readTree(line));
                } catch (IOException tornLine) {
                    break; // only the last line can be torn: the append was never acknowledged
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    public synchronized void append(List<? extends JsonNode> entries) {
        if (file.isEmpty() || entries.isEmpty()) {
            return;
        }
        try {
            StringBuilder lines = new StringBuilder();
            for (JsonNode entry : entries) {
                lines.append(SnapshotStore.MAPPER.writeValueAsString(entry)).append('\n');
            }
            FileChannel open = channel();
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                open.write(bytes);
            }
            open.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the journal's content with {@code entries}, atomically. */
    public synchronized void rewrite(List<? extends JsonNode> entries) {
        if (file.isEmpty()) {
            return;
        }
        try {
            closeChannel();
            Path temporary = file.get().resolveSibling(file.get().getFileName() + ".tmp");
            StringBuilder lines = new StringBuilder();
            for (JsonNode entry : entries) {
                lines.append(SnapshotStore.MAPPER.writeValueAsString(entry)).append('\n');
            }
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            Files.move(temporary, file.get(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            Files.createDirectories(file.get().getParent());
            channel = FileChannel.open(file.get(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        return channel;
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            closeChannel();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
