package dev.ddbstreams.dynamodb.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * An append-only log of frames: a 4-byte length, a 4-byte CRC32 of the payload, the payload. A frame is
 * written with {@code write(2)} before the writer returns, so it is in the operating system's page cache
 * when the request is acknowledged. Reading stops at the first torn or corrupt frame (a crash mid-write),
 * which is cut off: it was never acknowledged.
 */
final class WriteAheadLog implements Closeable {

    private static final int HEADER = 8;

    private final Path file;
    private final FileChannel channel;
    private final FsyncPolicy policy;
    private volatile long position;
    private volatile long synced;
    private final Object syncLock = new Object();

    private WriteAheadLog(Path file, FileChannel channel, long position, FsyncPolicy policy) {
        this.file = file;
        this.channel = channel;
        this.position = position;
        this.synced = position;
        this.policy = policy;
    }

    /** Opens (creating when absent) for appending after the last whole frame. */
    static WriteAheadLog open(Path file, long validLength, FsyncPolicy policy) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        if (channel.size() > validLength) {
            channel.truncate(validLength);
        }
        channel.position(validLength);
        return new WriteAheadLog(file, channel, validLength, policy);
    }

    /** Feeds each whole frame's payload to {@code consumer}; returns the length of the valid prefix. */
    static long replay(Path file, Consumer<byte[]> consumer) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long offset = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (offset + HEADER <= size) {
                header.clear();
                channel.read(header, offset);
                header.flip();
                int length = header.getInt();
                int crc = header.getInt();
                if (length < 0 || offset + HEADER + length > size) {
                    break; // torn tail
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                while (payload.hasRemaining()) {
                    if (channel.read(payload, offset + HEADER + payload.position()) < 0) {
                        break;
                    }
                }
                CRC32 check = new CRC32();
                check.update(payload.array());
                if ((int) check.getValue() != crc) {
                    break; // a frame half-written when the process died
                }
                consumer.accept(payload.array());
                offset += HEADER + length;
            }
            return offset;
        }
    }

    Path file() {
        return file;
    }

    long size() {
        return position;
    }

    /** Writes one frame to the OS; returns the log position after it (see {@link #awaitDurable}). */
    long append(byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
        frame.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        try {
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write-ahead log write failed: " + file, e);
        }
        position += frame.limit();
        return position;
    }

    /** Under {@link FsyncPolicy#EVERY_WRITE}, returns once everything up to {@code position} is on disk. */
    void awaitDurable(long upTo) {
        if (policy.everyWrite() && synced < upTo) {
            synchronized (syncLock) {
                if (synced < upTo) {
                    force();
                }
            }
        }
    }

    /** Forces what was written so far to the disk (the periodic fsync and close call it). */
    void force() {
        try {
            long target = position;
            if (channel.isOpen() && synced < target) {
                channel.force(false);
                synced = target;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write-ahead log fsync failed: " + file, e);
        }
    }

    @Override
    public void close() throws IOException {
        force();
        channel.close();
    }
}
