package dev.ddbstreams.kinesis.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.ddbstreams.kinesis.stream.EventLog;
import dev.ddbstreams.kinesis.stream.StreamEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An append-only file of events: each one a frame of {@code [length: int][crc32c: int][CBOR-encoded event]}.
 *
 * <p>{@link #append} returns once the frame is in the operating system ({@code write(2)} done), so an acknowledged
 * request survives SIGKILL of the JVM; with {@link FsyncPolicy#EVERY_WRITE} it is forced to the device as well.
 * A crash mid-write leaves a torn last frame: {@link #replay} stops at the first frame that is short or fails its
 * checksum, and the file is cut back to the last whole frame so new frames follow valid ones.
 */
public final class FileEventLog implements EventLog {

    private static final System.Logger LOG = System.getLogger(FileEventLog.class.getName());
    private static final String FILE_NAME = "kinesis-events.log";
    private static final int HEADER_BYTES = 8;

    private final ObjectMapper cbor = new CBORMapper();
    private final Path file;
    private final FsyncPolicy fsyncPolicy;
    private FileChannel channel;

    public FileEventLog(Path directory, FsyncPolicy fsyncPolicy) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kinesis data directory " + directory, e);
        }
        this.file = directory.resolve(FILE_NAME);
        this.fsyncPolicy = fsyncPolicy;
    }

    @Override
    public synchronized List<StreamEvent> replay() {
        List<StreamEvent> events = new ArrayList<>();
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = channel.size();
            long offset = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (offset + HEADER_BYTES <= size) {
                header.clear();
                readFully(header, offset);
                int length = header.getInt(0);
                int crc = header.getInt(4);
                if (length < 0 || offset + HEADER_BYTES + length > size) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(payload, offset + HEADER_BYTES);
                if (checksum(payload.array()) != crc) {
                    break;
                }
                events.add(cbor.readValue(payload.array(), StreamEvent.class));
                offset += HEADER_BYTES + length;
            }
            if (offset < size) {
                LOG.log(Level.WARNING, "Kinesis event log {0}: dropping a torn tail of {1} bytes after {2} events"
                        + " (a crash during a write that was never acknowledged)", file, size - offset, events.size());
                channel.truncate(offset);
                channel.force(true);
            }
            channel.position(offset);
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Kinesis event log " + file, e);
        }
    }

    @Override
    public synchronized void append(StreamEvent event) {
        if (channel == null) {
            throw new IllegalStateException("replay() opens the log; call it first");
        }
        try {
            byte[] payload = cbor.writeValueAsBytes(event);
            ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + payload.length);
            frame.putInt(payload.length).putInt(checksum(payload)).put(payload).flip();
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
            if (fsyncPolicy == FsyncPolicy.EVERY_WRITE) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the Kinesis event log " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Closing the Kinesis event log " + file, e);
            }
            channel = null;
        }
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("Unexpected end of " + file);
            }
        }
    }

    private static int checksum(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }
}
