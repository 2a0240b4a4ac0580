package dev.ddbstreams.endpoint;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An installed AWS CLI, found for tests (shared with local-runtime through this module's test-jar), and how to run it
 * against a local endpoint: every call bounded by a timeout, throw-away credentials, a temporary config and credentials
 * file (nothing of the user's {@code ~/.aws} is read), no pager.
 *
 * <p>The endpoint goes in {@code AWS_ENDPOINT_URL} and, for a CLI too old to read that variable, also in
 * {@code --endpoint-url}: the variable came with v1 1.29.0 and v2 2.13.0, and Debian 12's v2 2.9.19 ignores it (it
 * then calls {@code https://dynamodb.us-east-1.amazonaws.com/}).
 *
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific endpoints (AWS SDKs and tools)</a>
 * @see <a href="https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-endpoints.html">AWS CLI endpoint configuration</a>
 */
public final class AwsCli {
    private static final Pattern VERSION = Pattern.compile("aws-cli/(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    private final Path executable;
    private final String version;
    private final int major;
    private final int minor;

    private AwsCli(Path executable, String version, int major, int minor) {
        this.executable = executable;
        this.version = version;
        this.major = major;
        this.minor = minor;
    }

    /** The first AWS CLI v2 among the {@code aws} on the PATH (in PATH order) and {@code /usr/bin/aws}. */
    public static Optional<AwsCli> findV2() {
        return candidates().map(AwsCli::probe).flatMap(Optional::stream).filter(AwsCli::isV2).findFirst();
    }

    /** An AWS CLI v2 if there is one, else the first {@code aws} on the PATH that answers {@code --version}. */
    public static Optional<AwsCli> findPreferringV2() {
        AwsCli first = null;
        for (Path path : (Iterable<Path>) candidates()::iterator) {
            Optional<AwsCli> cli = probe(path);
            if (cli.isPresent() && cli.get().isV2()) {
                return cli;
            }
            first = first == null ? cli.orElse(null) : first;
        }
        return Optional.ofNullable(first);
    }

    /** Why a test needing v2 is skipped: what was found instead, if anything. */
    public static String noV2Reason() {
        List<AwsCli> found = candidates().map(AwsCli::probe).flatMap(Optional::stream).toList();
        return found.isEmpty() ? "no AWS CLI on the PATH or at /usr/bin/aws (.ci/run installs Debian's awscli, v2, as root)"
                : "no AWS CLI v2 (found only " + String.join(", ", found.stream().map(AwsCli::toString).toList())
                        + "; .ci/run installs Debian's awscli, v2, as root)";
    }

    /**
     * Each executable {@code aws} once, by its real path ({@code /bin/aws} is often {@code /usr/bin/aws}): the CLI
     * takes seconds to start on a busy machine, so each is asked for its version at most once per search.
     */
    private static Stream<Path> candidates() {
        Set<Path> paths = new LinkedHashSet<>();
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!directory.isEmpty()) {
                paths.add(Path.of(directory, "aws"));
            }
        }
        paths.add(Path.of("/usr/bin/aws"));
        Set<Path> seen = new LinkedHashSet<>();
        return paths.stream().filter(Files::isExecutable).filter(path -> seen.add(realPath(path)));
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    /** {@code aws --version} prints e.g. {@code aws-cli/2.9.19 Python/3.11.2 Linux/... source/x86_64.debian.12}. */
    private static Optional<AwsCli> probe(Path path) {
        try {
            Result result = run(new ProcessBuilder(path.toString(), "--version"), VERSION_TIMEOUT);
            Matcher matcher = VERSION.matcher(result.stdout() + result.stderr());
            if (result.exitCode() != 0 || !matcher.find()) {
                return Optional.empty();
            }
            return Optional.of(new AwsCli(path, matcher.group(), Integer.parseInt(matcher.group(1)),
                    Integer.parseInt(matcher.group(2))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // e.g. a pyenv shim without a Python that has the CLI
        }
    }

    public Path executable() {
        return executable;
    }

    /** {@code aws-cli/2.9.19}. */
    public String version() {
        return version;
    }

    public boolean isV2() {
        return major == 2;
    }

    /** Whether this CLI reads {@code AWS_ENDPOINT_URL} (v1 1.29.0+, v2 2.13.0+). */
    public boolean readsEndpointUrlVariable() {
        return major == 2 ? minor >= 13 : major == 1 && minor >= 29;
    }

    /**
     * A session against {@code endpoint} with credentials {@code local}/{@code local} in region us-east-1, the config
     * and credentials files under {@code home} (written by the caller, e.g. a named profile, or absent).
     */
    public Session session(URI endpoint, Path home) {
        return new Session(endpoint, home);
    }

    public final class Session {
        private final URI endpoint;
        private final Path home;

        private Session(URI endpoint, Path home) {
            this.endpoint = endpoint;
            this.home = home;
        }

        /** Runs {@code aws <arguments>} to its end, or kills it after {@code timeout} and fails. */
        public Result run(Duration timeout, List<String> arguments) throws IOException {
            return AwsCli.run(builder(arguments), timeout);
        }

        /** Starts {@code aws <arguments>} (e.g. {@code logs tail --follow}) with its output to {@code output}. */
        public Process start(List<String> arguments, Path output) throws IOException {
            return builder(arguments).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        }

        private ProcessBuilder builder(List<String> arguments) {
            List<String> command = new ArrayList<>(List.of(executable.toString()));
            if (!readsEndpointUrlVariable()) {
                command.addAll(List.of("--endpoint-url", endpoint.toString()));
            }
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(name -> name.startsWith("AWS_"));
            environment.put("AWS_ENDPOINT_URL", endpoint.toString());
            environment.put("AWS_ACCESS_KEY_ID", "local");
            environment.put("AWS_SECRET_ACCESS_KEY", "local");
            environment.put("AWS_DEFAULT_REGION", "us-east-1");
            environment.put("AWS_CONFIG_FILE", home.resolve("config").toString());
            environment.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
            environment.put("AWS_PAGER", ""); // v2 pipes output through less by default
            return builder;
        }
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(ProcessBuilder builder, Duration timeout) throws IOException {
        Process process = builder.start();
        process.getOutputStream().close();
        // A thread per pipe (not the common pool, a single thread on two cores): both drain while the CLI runs.
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), AwsCli::thread);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), AwsCli::thread);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", builder.command()) + " did not end within " + timeout);
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void thread(Runnable task) {
        Thread thread = new Thread(task, "aws-cli-output");
        thread.setDaemon(true);
        thread.start();
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return executable + " (" + version + ")";
    }
}
