package dev.ddbstreams.endpoint.lambda;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deployment packages on disk, named by their SHA-256 ({@code <dir>/<sha-hex>.zip}): a package is written once and
 * never changed, so a {@link FunctionDefinition} can point at its file while a newer upload gets a new one. An upload
 * is {@linkplain #stage staged} (written, hashed and forced to disk) while the request is read, then
 * {@linkplain #adopt adopted} by a rename. Without a data directory the packages go to a temporary directory that
 * {@link #close} deletes.
 */
final class CodeStore implements AutoCloseable {
    private static final String STAGING_PREFIX = ".upload-";
    private final Path directory;
    private final boolean temporary;

    CodeStore(Path directory, boolean temporary) {
        this.directory = directory;
        this.temporary = temporary;
        try {
            Files.createDirectories(directory);
            deleteStaleUploads();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + directory, e);
        }
    }

    Path path(String shaHex) {
        return directory.resolve(shaHex + ".zip");
    }

    /** Writes a package's bytes somewhere the store can take them from ({@link #stage}). */
    @FunctionalInterface
    interface PackageWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The package is over {@code maxBytes}; what was written of it is deleted. */
    static final class PackageTooLarge extends IOException {
        PackageTooLarge(long maxBytes) {
            super("over " + maxBytes + " bytes");
        }
    }

    /**
     * Writes an upload to a staging file in the store's directory, hashing it on the way, and forces it to disk (with a
     * data directory), so that {@link #adopt} makes it a stored package by a rename.
     *
     * @throws PackageTooLarge when the writer writes more than {@code maxBytes}
     * @throws IOException     what the writer throws (the upload is unreadable), or the disk's failure
     */
    UploadedPackage stage(PackageWriter writer, long maxBytes) throws IOException {
        Path staging = Files.createTempFile(directory, STAGING_PREFIX, ".tmp");
        MessageDigest sha256 = sha256();
        try (FileChannel channel = FileChannel.open(staging, StandardOpenOption.WRITE)) {
            long[] size = {0};
            OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            OutputStream counted = new FilterOutputStream(new DigestOutputStream(file, sha256)) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    size[0] += length;
                    if (size[0] > maxBytes) {
                        throw new PackageTooLarge(maxBytes);
                    }
                    out.write(bytes, offset, length);
                }
            };
            writer.writeTo(counted);
            counted.flush();
            if (!temporary) {
                channel.force(true); // acknowledged code survives a crash; without a data directory nothing survives
            }
            byte[] digest = sha256.digest();
            return new UploadedPackage(staging, HexFormat.of().formatHex(digest),
                    Base64.getEncoder().encodeToString(digest), size[0]);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staging);
            throw e;
        }
    }

    /** Makes a staged upload the stored package of its SHA-256 (already there: the staged copy is dropped). */
    Path adopt(UploadedPackage upload) {
        Path target = path(upload.sha256Hex());
        try {
            if (Files.exists(target)) {
                Files.deleteIfExists(upload.file());
            } else {
                Files.move(upload.file(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
        return target;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    byte[] read(String shaHex) throws IOException {
        return Files.readAllBytes(path(shaHex));
    }

    /** Uploads staged by a process that stopped before it stored them (killed mid-request) are of no use. */
    private void deleteStaleUploads() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(STAGING_PREFIX)).toList()) {
                Files.deleteIfExists(file);
            }
        }
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
