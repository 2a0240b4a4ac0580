package dev.ddbstreams.endpoint.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A deployment package as uploaded ({@code ZipFile}), decoded to a file of {@link CodeStore}'s beside the packages it
 * stores, with its SHA-256 and size: staged before the control plane takes the request, so that a 50 MB upload is
 * never held in memory whole, and taken into the store by a rename. {@link #close} deletes the file unless the
 * store took it.
 */
public record UploadedPackage(Path file, String sha256Hex, String sha256Base64, long size) implements AutoCloseable {

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A staged file left behind is only disk space; CodeStore deletes stale ones on start.
        }
    }
}
