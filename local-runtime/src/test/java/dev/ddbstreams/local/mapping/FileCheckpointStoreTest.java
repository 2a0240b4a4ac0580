package dev.ddbstreams.local.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {

    @TempDir
    Path directory;

    @Test
    void checkpoints_surviveANewStoreOnTheSameDirectory() {
        FileCheckpointStore store = new FileCheckpointStore(directory);
        store.save("game-scores", "shardId-1", Checkpoint.after("000000000000000000042"));
        store.save("game-scores", "shardId-2", Checkpoint.shardEnd("7"));
        store.save("game-scores", "shardId-3", Checkpoint.trimHorizon());
        store.markInitialized("game-scores");

        FileCheckpointStore reopened = new FileCheckpointStore(directory);

        assertEquals(Optional.of(Checkpoint.after("000000000000000000042")), reopened.load("game-scores", "shardId-1"));
        assertEquals(Optional.of(Checkpoint.shardEnd("7")), reopened.load("game-scores", "shardId-2"));
        assertEquals(Optional.of(Checkpoint.trimHorizon()), reopened.load("game-scores", "shardId-3"));
        assertTrue(reopened.isInitialized("game-scores"));
        assertFalse(reopened.isInitialized("notes-word-count"));
        assertEquals(Optional.empty(), reopened.load("notes-word-count", "shardId-1"));
    }

    @Test
    void save_replacesTheFileAtomically_leavingNoTemporaryFiles() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(directory);
        for (int i = 1; i <= 50; i++) {
            store.save("m", "shardId-1", Checkpoint.after(Integer.toString(i)));
        }
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(Set.of("m.json"), files.map(path -> path.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet()));
        }
        assertTrue(Files.readString(directory.resolve("m.json")).contains("\"sequenceNumber\" : \"50\""));
    }

    @Test
    void retain_forgetsShardsThatNoLongerExist() {
        FileCheckpointStore store = new FileCheckpointStore(directory);
        store.save("m", "old", Checkpoint.shardEnd("1"));
        store.save("m", "live", Checkpoint.after("2"));
        store.retain("m", Set.of("live"));
        assertEquals(Map.of("live", Checkpoint.after("2")), new FileCheckpointStore(directory).loadAll("m"));
    }

    @Test
    void unreadableFile_isReportedWithItsPath_notSilentlyReplaced() throws Exception {
        Files.writeString(directory.resolve("m.json"), "{ torn");
        FileCheckpointStore store = new FileCheckpointStore(directory);
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> store.load("m", "shardId-1"));
        assertTrue(error.getMessage().contains("m.json"), error.getMessage());
        assertEquals("{ torn", Files.readString(directory.resolve("m.json")));
    }

    @Test
    void mappingNames_becomeOneSafeFileName() {
        FileCheckpointStore store = new FileCheckpointStore(directory);
        assertEquals(directory.toAbsolutePath().resolve("a_b.json"), store.fileOf("a/b"));
    }

    @Test
    void checkpoint_afterSequenceNumber_needsOne() {
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.after(""));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(Checkpoint.Type.AFTER_SEQUENCE_NUMBER, null));
    }
}
