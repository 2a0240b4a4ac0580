package dev.ddbstreams.local.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checkpoints in JSON files, one per mapping ({@code <directory>/<mapping>.json}), so a restarted runtime
 * resumes every mapping where it stopped. Each save rewrites the mapping's file atomically (a temporary
 * file in the same directory, then a rename), so a crash leaves either the old or the new file, never a
 * torn one.
 *
 * <p>File shape: {@code {"mapping":"game-scores","initialized":true,"shards":{"shardId-…":
 * {"type":"AFTER_SEQUENCE_NUMBER","sequenceNumber":"…","updatedAt":"…"}}}}. An unreadable file is reported
 * (the mapping shows the error and retries) rather than silently replaced: starting over would deliver
 * every record of the shard again.
 */
public final class FileCheckpointStore implements CheckpointStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Map<String, MappingFile> cache = new HashMap<>();

    /** @param directory where the files live; created when missing */
    public FileCheckpointStore(Path directory) {
        this.directory = directory.toAbsolutePath();
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the checkpoint directory " + this.directory, e);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public synchronized Optional<Checkpoint> load(String mapping, String shardId) {
        return Optional.ofNullable(file(mapping).shards.get(shardId));
    }

    @Override
    public synchronized Map<String, Checkpoint> loadAll(String mapping) {
        return Map.copyOf(file(mapping).shards);
    }

    @Override
    public synchronized void save(String mapping, String shardId, Checkpoint checkpoint) {
        MappingFile file = file(mapping);
        Checkpoint previous = file.shards.put(shardId, checkpoint);
        try {
            write(mapping, file);
        } catch (RuntimeException e) {
            // Keep memory and disk in step: the caller will retry the save.
            if (previous == null) {
                file.shards.remove(shardId);
            } else {
                file.shards.put(shardId, previous);
            }
            throw e;
        }
    }

    @Override
    public synchronized void retain(String mapping, Set<String> liveShardIds) {
        MappingFile file = file(mapping);
        if (file.shards.keySet().retainAll(liveShardIds)) {
            write(mapping, file);
        }
    }

    @Override
    public synchronized boolean isInitialized(String mapping) {
        return file(mapping).initialized;
    }

    @Override
    public synchronized void markInitialized(String mapping) {
        MappingFile file = file(mapping);
        if (!file.initialized) {
            file.initialized = true;
            write(mapping, file);
        }
    }

    @Override
    public synchronized void forget(String mapping) {
        cache.remove(mapping);
        try {
            Files.deleteIfExists(fileOf(mapping));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the checkpoints of mapping " + mapping + ": " + fileOf(mapping), e);
        }
    }

    /** The file that holds {@code mapping}'s checkpoints. */
    public Path fileOf(String mapping) {
        // Mapping names come from the wiring ([A-Za-z0-9-_]); anything else is replaced to stay one path segment.
        return directory.resolve(mapping.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    private MappingFile file(String mapping) {
        MappingFile cached = cache.get(mapping);
        if (cached != null) {
            return cached;
        }
        MappingFile loaded = read(mapping);
        cache.put(mapping, loaded);
        return loaded;
    }

    private MappingFile read(String mapping) {
        Path path = fileOf(mapping);
        MappingFile file = new MappingFile();
        if (!Files.exists(path)) {
            return file;
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(path, StandardCharsets.UTF_8));
            if (root == null || !root.isObject()) {
                throw new IllegalStateException("not a JSON object");
            }
            file.initialized = root.path("initialized").asBoolean(false);
            Iterator<Map.Entry<String, JsonNode>> shards = root.path("shards").fields();
            while (shards.hasNext()) {
                Map.Entry<String, JsonNode> entry = shards.next();
                JsonNode value = entry.getValue();
                Checkpoint.Type type = Checkpoint.Type.valueOf(value.path("type").asText());
                String sequenceNumber = value.hasNonNull("sequenceNumber") ? value.get("sequenceNumber").asText() : null;
                file.shards.put(entry.getKey(), new Checkpoint(type, sequenceNumber));
            }
            return file;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Checkpoint file " + path + " is unreadable (" + e.getMessage()
                    + "); fix or delete it (deleting restarts the mapping from its starting position)", e);
        }
    }

    private void write(String mapping, MappingFile file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mapping", mapping);
        root.put("initialized", file.initialized);
        ObjectNode shards = root.putObject("shards");
        String now = Instant.now().toString();
        file.shards.forEach((shardId, checkpoint) -> {
            ObjectNode node = shards.putObject(shardId);
            node.put("type", checkpoint.type().name());
            if (checkpoint.sequenceNumber() != null) {
                node.put("sequenceNumber", checkpoint.sequenceNumber());
            }
            node.put("updatedAt", now);
        });
        Path target = fileOf(mapping);
        try {
            Path temp = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
            try {
                Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint file " + target, e);
        }
    }

    private static final class MappingFile {
        boolean initialized;
        final Map<String, Checkpoint> shards = new TreeMap<>();
    }
}
