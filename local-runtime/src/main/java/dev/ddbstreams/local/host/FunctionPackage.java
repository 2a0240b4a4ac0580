package dev.ddbstreams.local.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A function's deployment package as Lambda's Java runtime puts it on the class path. Lambda accepts a .zip or a jar:
 * the function's classes at the root of the archive and its dependencies as jar files in {@code lib/} (what the
 * Gradle {@code buildZip} task of AWS's guide produces), or one fat jar (Maven Shade) with everything at its root.
 *
 * <p>A package without {@code lib/*.jar} (a fat jar) is put on the class path as it is, as the runtime has done
 * with the wiring's jars all along. A package with {@code lib/*.jar} is extracted once per code version (its
 * {@code CodeSha256}) into a work directory; the class path is then that directory, then each {@code lib/*.jar} in
 * name order.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-package.html">Deploy Java Lambda functions with .zip or JAR file archives</a>
 */
final class FunctionPackage {

    /**
     * @param root      what comes first on the class path: the archive itself, or the directory it was extracted to
     * @param libraries the extracted {@code lib/*.jar}, in name order (empty for a fat jar)
     */
    record ClassPath(Path root, List<Path> libraries) {
    }

    private final Path workDirectory;

    /** @param workDirectory where packages with libraries are extracted (one subdirectory per function and version) */
    FunctionPackage(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    /**
     * The class path of {@code code}. An archive that cannot be read is put on the class path as it is: the function
     * then fails at its first invocation with Lambda's init error, as bad code does in AWS.
     */
    ClassPath classPath(String functionName, String codeSha256, Path code) {
        try (ZipFile zip = new ZipFile(code.toFile())) {
            if (!hasLibraries(zip)) {
                return new ClassPath(code, List.of());
            }
            Path target = workDirectory.resolve(functionName + "-" + safe(codeSha256));
            if (!Files.isDirectory(target)) {
                extract(zip, target);
            }
            return new ClassPath(target, libraries(target));
        } catch (ZipException notAnArchive) {
            return new ClassPath(code, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the deployment package of " + functionName + " (" + code + ")", e);
        }
    }

    /** Deletes what was extracted for {@code functionName} (the function was deleted). */
    void forget(String functionName) {
        try (Stream<Path> entries = Files.list(workDirectory)) {
            // <function>-<safe sha>: the sha part has no '-', so another function named "<function>-x" is not matched.
            entries.filter(path -> isExtractionOf(functionName, path.getFileName().toString()))
                    .forEach(FunctionPackage::deleteRecursively);
        } catch (IOException | RuntimeException e) {
            // Temporary files only.
        }
    }

    private static boolean hasLibraries(ZipFile zip) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            if (isLibrary(entries.nextElement().getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLibrary(String entryName) {
        return entryName.startsWith("lib/") && entryName.endsWith(".jar") && entryName.indexOf('/', 4) < 0;
    }

    private void extract(ZipFile zip, Path target) throws IOException {
        Files.createDirectories(workDirectory);
        Path staging = Files.createTempDirectory(workDirectory, ".extract-");
        try {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path destination = staging.resolve(entry.getName()).normalize();
                if (!destination.startsWith(staging)) {
                    // "../" in an entry name: it would land outside the package's directory.
                    throw new IOException("deployment package entry " + entry.getName() + " points outside the package");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(staging)) {
                deleteRecursively(staging);
            }
        }
    }

    private static List<Path> libraries(Path root) throws IOException {
        Path lib = root.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(lib)) {
            return new ArrayList<>(files.filter(path -> path.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing(path -> path.getFileName().toString())).toList());
        }
    }

    private static boolean isExtractionOf(String functionName, String directoryName) {
        return directoryName.startsWith(functionName + "-")
                && directoryName.substring(functionName.length() + 1).matches("[A-Za-z0-9_]+");
    }

    private static String safe(String codeSha256) {
        return codeSha256 == null ? "unversioned" : codeSha256.replaceAll("[^A-Za-z0-9]", "_");
    }

    static void deleteRecursively(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // Best effort.
        }
    }
}
