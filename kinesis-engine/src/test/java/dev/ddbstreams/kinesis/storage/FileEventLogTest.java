package dev.ddbstreams.kinesis.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbstreams.kinesis.stream.StreamEvent;
import dev.ddbstreams.kinesis.stream.StreamMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event log's framing: events come back as written, and a torn last frame is cut off, not fatal. */
class FileEventLogTest {

    @Test
    void replay_returnsEventsAsWritten(@TempDir Path directory) {
        try (FileEventLog log = new FileEventLog(directory, FsyncPolicy.EVERY_WRITE)) {
            log.replay();
            log.append(new StreamEvent.StreamCreated("s", 1, 2, StreamMode.PROVISIONED, Map.of("k", "v")));
            log.append(new StreamEvent.RecordsPut("s", 2, List.of(new StreamEvent.RecordsPut.Entry(1, "pk", new byte[] {0, 1, -1}))));
        }
        try (FileEventLog log = new FileEventLog(directory, FsyncPolicy.NEVER)) {
            List<StreamEvent> events = log.replay();
            assertEquals(2, events.size());
            assertEquals(new StreamEvent.StreamCreated("s", 1, 2, StreamMode.PROVISIONED, Map.of("k", "v")), events.get(0));
            StreamEvent.RecordsPut put = (StreamEvent.RecordsPut) events.get(1);
            assertArrayEquals(new byte[] {0, 1, -1}, put.entries().get(0).data());
        }
    }

    @Test
    void replay_dropsATornTail_andLaterAppendsFollowTheLastWholeFrame(@TempDir Path directory) throws Exception {
        try (FileEventLog log = new FileEventLog(directory, FsyncPolicy.NEVER)) {
            log.replay();
            log.append(new StreamEvent.RetentionChanged("s", 1, 48));
        }
        Path file = directory.resolve("kinesis-events.log");
        long whole = Files.size(file);
        // A crash mid-write: a header promising 100 bytes, and only 3 of them.
        Files.write(file, new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 9, 9, 9}, StandardOpenOption.APPEND);
        try (FileEventLog log = new FileEventLog(directory, FsyncPolicy.NEVER)) {
            assertEquals(1, log.replay().size());
            assertEquals(whole, Files.size(file));
            log.append(new StreamEvent.RetentionChanged("s", 2, 72));
        }
        try (FileEventLog log = new FileEventLog(directory, FsyncPolicy.NEVER)) {
            assertEquals(List.of(new StreamEvent.RetentionChanged("s", 1, 48), new StreamEvent.RetentionChanged("s", 2, 72)), log.replay());
        }
    }

    @Test
    void replay_stopsAtAFrameWhoseChecksumFails(@TempDir Path directory) throws Exception {
        try (FileEventLog log = new FileEventLog(directory, FsyncPolicy.NEVER)) {
            log.replay();
            log.append(new StreamEvent.RetentionChanged("s", 1, 48));
            log.append(new StreamEvent.RetentionChanged("s", 2, 72));
        }
        Path file = directory.resolve("kinesis-events.log");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x55;
        Files.write(file, bytes);
        try (FileEventLog log = new FileEventLog(directory, FsyncPolicy.NEVER)) {
            assertEquals(List.of(new StreamEvent.RetentionChanged("s", 1, 48)), log.replay());
        }
    }
}
