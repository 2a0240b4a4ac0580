package dev.ddbstreams.terraform.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository, its Terraform and the shared tools are, seen from a test. */
public final class ProjectPaths {

    private ProjectPaths() {
    }

    /** The repository root: the {@code project.root} system property (set by the POM), else found upwards. */
    public static Path root() {
        String configured = System.getProperty("project.root");
        if (configured != null && !configured.isBlank()) {
            return realPath(Path.of(configured).toAbsolutePath().normalize());
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("terraform").resolve("wiring.json"))) {
                return realPath(dir);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Cannot find the repository root (terraform/wiring.json) from "
                + Path.of("").toAbsolutePath());
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (java.io.IOException e) {
            return path;
        }
    }

    /** The project's Terraform root module. */
    public static Path terraform() {
        return root().resolve("terraform");
    }

    /** The wiring source shared by Terraform and the local runtime. */
    public static Path wiring() {
        return terraform().resolve("wiring.json");
    }

    /** A deliberately bad fixture under src/test/resources/bad-fixtures/. */
    public static Path badFixture(String name) {
        Path fixture = root().resolve("terraform-tests/src/test/resources/bad-fixtures").resolve(name);
        if (!Files.isDirectory(fixture)) {
            throw new IllegalArgumentException("No bad fixture " + fixture);
        }
        return fixture;
    }

    /**
     * The offline Terraform checker: the {@code tfcheck} system property, else the {@code TFCHECK}
     * environment variable, else {@code ../shared/tools/tfcheck/tfcheck} from the repository root (where
     * the Makefile looks for it too).
     */
    public static Path tfcheck() {
        String configured = System.getProperty("tfcheck", System.getenv("TFCHECK"));
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return path.isAbsolute() ? path : root().resolve(path).normalize();
        }
        return root().resolve("../shared/tools/tfcheck/tfcheck").normalize();
    }
}
