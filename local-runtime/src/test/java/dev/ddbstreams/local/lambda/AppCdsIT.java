package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.lambda.Invocation.Outcome;
import dev.ddbstreams.local.lambda.fixtures.EchoHandler;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AppCDS with a real function JVM: the first runtime records the archive on close, the next one uses it. */
class AppCdsIT {

    @TempDir
    Path temp;

    @Test
    void firstRuntimeRecordsTheArchiveOnClose_andTheNextStartsItsFunctionFromIt() throws Exception {
        Path jar = fixturesJar();
        Path cache = temp.resolve("appcds");

        try (FunctionRuntime first = runtime(jar, cache)) {
            assertEquals(Outcome.SUCCESS, first.invoke("echo", "{\"n\":1}", "test").outcome());
        }
        List<Path> archives;
        try (Stream<Path> files = Files.list(cache)) {
            archives = files.filter(file -> file.toString().endsWith(".jsa")).toList();
        }
        assertEquals(1, archives.size(), "the recording JVM wrote its archive when stopped");

        try (FunctionRuntime second = runtime(jar, cache)) {
            Invocation invocation = second.invoke("echo", "{\"n\":2}", "test");

            assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.toString());
            List<String> arguments = List.of(second.processes("echo").get(0).info().arguments().orElseThrow());
            assertTrue(arguments.contains("-XX:SharedArchiveFile=" + archives.get(0)), arguments.toString());
        }
    }

    private static FunctionRuntime runtime(Path jar, Path cache) throws URISyntaxException {
        return FunctionRuntime.builder()
                .runtimeLibraries(Path.of(System.getProperty("lambda.runtime.dir", "target/lambda-runtime")))
                .extraClassPath(Path.of(software.amazon.awssdk.utilslite.SdkInternalThreadLocal.class
                        .getProtectionDomain().getCodeSource().getLocation().toURI()))
                .appCds(cache)
                .function(new LocalFunction("echo", EchoHandler.class.getName(), jar, 256, Duration.ofSeconds(10),
                        Map.of(), 1))
                .build();
    }

    /** The fixtures as a jar: class data sharing does not accept a classes directory on the class path. */
    private Path fixturesJar() throws IOException, URISyntaxException {
        Path classes = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path fixtures = classes.resolve("dev/ddbstreams/local/lambda/fixtures");
        Path jar = temp.resolve("fixtures.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(fixtures)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }
}
