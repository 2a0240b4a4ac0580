package dev.ddbstreams.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code make demo}, {@code bench}, {@code soak} and {@code fuzz} start the harness from {@code target/classes} plus
 * the class path Maven writes at package time ({@code target/classpath.txt}, see the Makefile's {@code HARNESS_CP}),
 * and the harness starts a whole local runtime in that JVM: every library of the runtime's own class path
 * ({@code make run}'s {@code RUNTIME_CP}) must be on it. The tests of this module run on Maven's test class path and
 * cannot see a library missing there: a direct dependency declared with test scope overrides the compile scope
 * local-runtime gives it, and the IAM and Lambda SDK clients the runtime's provisioner needs were left out so (the
 * four targets failed with {@code NoClassDefFoundError: IamClient}).
 */
class HarnessClassPathIT {

    @Test
    void theHarnessClassPath_holdsEveryLibraryOfTheRuntimes() throws IOException {
        Path root = RepositoryRoot.find();
        Set<String> harness = entries(root.resolve("local-harness/target/classpath.txt"));
        List<String> missing = entries(root.resolve("local-runtime/target/classpath.txt")).stream()
                .filter(library -> !harness.contains(library)).sorted().toList();

        assertEquals(List.of(), missing, "libraries of the runtime missing from local-harness/target/classpath.txt");
    }

    /**
     * The libraries' file names: a module of this build is {@code <module>/target/<module>-<version>.jar} in a
     * reactor build and the same file name in the local Maven repository when a module is built alone.
     */
    private static Set<String> entries(Path classPathFile) throws IOException {
        assertTrue(Files.isRegularFile(classPathFile), classPathFile + " is written at package time");
        return Arrays.stream(Files.readString(classPathFile).trim().split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(entry -> Path.of(entry).getFileName().toString())
                .collect(Collectors.toSet());
    }
}
