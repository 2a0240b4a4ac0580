package dev.ddbstreams.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The AWS Lambda Runtime Interface Client (RIC) jar and its JNI library.
 *
 * <p>Left alone, every RIC process copies its native library to the same {@code /tmp/.libaws-lambda-jni.so}
 * before loading it: JVMs starting in parallel overwrite the file under each other. The library is extracted
 * here once, and each process is pointed at it with
 * {@code -Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI}.
 *
 * @see <a href="https://github.com/aws/aws-lambda-java-libs/tree/main/aws-lambda-java-runtime-interface-client">aws-lambda-java-runtime-interface-client</a>
 */
final class RuntimeInterfaceClient {

    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private RuntimeInterfaceClient() {
    }

    /** The RIC jar in the runtime libraries directory. */
    static Path locateJar(Path runtimeLibraries) {
        if (!Files.isDirectory(runtimeLibraries)) {
            throw new IllegalStateException("Lambda runtime libraries directory " + runtimeLibraries
                    + " does not exist; `make build` (or `mvn package` in local-runtime) creates it");
        }
        try (Stream<Path> files = Files.list(runtimeLibraries)) {
            return files.filter(file -> file.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client")
                            && file.getFileName().toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No aws-lambda-java-runtime-interface-client jar in "
                            + runtimeLibraries + "; `make build` (or `mvn package` in local-runtime) copies it there"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + runtimeLibraries, e);
        }
    }

    /**
     * The jar entry of the JNI library for a platform. The RIC ships Linux builds only (glibc and musl, x86_64
     * and aarch64).
     *
     * @throws IllegalStateException on any other platform, saying so
     */
    static String jniEntry(String osName, String osArch, boolean musl) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            throw new IllegalStateException("The Lambda Runtime Interface Client ships its native library for Linux only"
                    + " (x86_64, aarch64); this machine runs " + osName + " " + osArch
                    + ". Run the local runtime on Linux (or in a Linux VM or WSL 2).");
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IllegalStateException("The Lambda Runtime Interface Client has no native library for "
                    + osArch + " (only x86_64 and aarch64)");
        };
        return "jni/libaws-lambda-jni.linux" + (musl ? "_musl" : "") + "-" + arch + ".so";
    }

    /** Whether this Linux uses musl libc (Alpine), whose loader lives at {@code /lib/ld-musl-*.so.1}. */
    static boolean isMusl() {
        try (Stream<Path> lib = Files.list(Path.of("/lib"))) {
            return lib.anyMatch(file -> file.getFileName().toString().startsWith("ld-musl-"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Extracts this platform's JNI library from the RIC jar into {@code directory}; returns its path. */
    static Path extractJni(Path ricJar, Path directory) {
        String entryName = jniEntry(System.getProperty("os.name"), System.getProperty("os.arch"), isMusl());
        Path target = directory.resolve("libaws-lambda-jni.so");
        try (ZipFile jar = new ZipFile(ricJar.toFile())) {
            ZipEntry entry = jar.getEntry(entryName);
            if (entry == null) {
                throw new IllegalStateException(ricJar + " has no " + entryName);
            }
            Files.createDirectories(directory);
            // Write aside and move: a reader never sees a half-written library.
            Path partial = Files.createTempFile(directory, "libaws-lambda-jni", ".part");
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract " + entryName + " from " + ricJar + " to " + directory, e);
        }
    }
}
