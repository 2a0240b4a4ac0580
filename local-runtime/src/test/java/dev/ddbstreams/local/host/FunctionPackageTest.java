package dev.ddbstreams.local.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages with {@code lib/*.jar} are extracted once per function and code; a deleted function's extractions go. */
class FunctionPackageTest {

    @TempDir
    Path work;

    @Test
    void forget_deletesOnlyThatFunctionsExtractions_notThoseOfAFunctionWhoseNameStartsTheSame() throws IOException {
        FunctionPackage packages = new FunctionPackage(work);
        Path zip = zipWithLibrary(work.resolve("code.zip"));

        FunctionPackage.ClassPath fn = packages.classPath("fn", "c2hhLW9uZQ==", zip);
        FunctionPackage.ClassPath fnX = packages.classPath("fn-x", "c2hhLXR3bw==", zip);
        assertEquals(1, fn.libraries().size());
        assertTrue(Files.isDirectory(fn.root()));
        assertTrue(Files.isDirectory(fnX.root()));

        packages.forget("fn");

        assertFalse(Files.exists(fn.root()), "fn's extraction is deleted");
        assertTrue(Files.isDirectory(fnX.root()), "fn-x's extraction stays: " + fnX.root());
    }

    private static Path zipWithLibrary(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("example/Handler.class"));
            zip.write(new byte[] {1, 2, 3});
            zip.putNextEntry(new ZipEntry("lib/dependency.jar"));
            zip.write(new byte[] {4, 5, 6});
        }
        return file;
    }
}
