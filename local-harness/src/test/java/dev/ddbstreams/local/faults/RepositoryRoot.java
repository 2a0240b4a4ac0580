package dev.ddbstreams.local.faults;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root seen from the module's test working directory (local-harness/). */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    static Path find() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("terraform/wiring.json"))) {
            throw new IllegalStateException("Not run from local-harness/ inside the repository: " + root);
        }
        return root;
    }
}
