package dev.ddbstreams.local.kinesis;

import dev.ddbstreams.emulators.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kinesalite, a Kinesis emulator from the npm registry (the one Kinesis emulator that runs without Docker),
 * started as a Node.js child process bound to 127.0.0.1.
 *
 * <p>The pinned version is installed once with {@code npm install} into a cache directory (default
 * {@code ~/.cache/ddbstreams/kinesalite}) and reused. Without Node.js or npm, or when the install or the start
 * fails, {@link #start()} does not throw: it returns an instance that is not {@link #available()} and says why
 * ({@link #unavailableReason()}), so the rest of the system runs without Kinesis.
 *
 * <p>No orphans: the child watches its stdin and exits when this JVM goes away (even when killed), and
 * {@link #close()} (also run by a shutdown hook) stops it.
 *
 * <p>Clients need the SDK's CBOR protocol off, which kinesalite does not speak: set the system property
 * {@code aws.cborEnabled=false} before building the {@code KinesisClient}.
 *
 * @see <a href="https://github.com/mhart/kinesalite">kinesalite</a>
 */
public final class Kinesalite implements AutoCloseable {

    /** The kinesalite release installed from npm. */
    public static final String VERSION = "3.3.3";

    private static final System.Logger LOG = System.getLogger(Kinesalite.class.getName());
    private static final String LISTENING = "kinesalite listening on ";
    private static final Pattern PACKAGE_VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * Binds kinesalite to loopback only (its cli.js listens on every interface) and exits when stdin closes, that
     * is when the JVM that started it is gone.
     */
    private static final String LAUNCHER = """
            'use strict';
            const path = require('path');
            const [installDir, port, dataDir] = process.argv.slice(2);
            const kinesalite = require(path.join(installDir, 'node_modules', 'kinesalite'));
            const options = { createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 };
            if (dataDir) options.path = dataDir;
            const server = kinesalite(options);
            server.on('error', (e) => { console.error('kinesalite: ' + e.message); process.exit(1); });
            server.listen(Number(port), '127.0.0.1', () => console.log('kinesalite listening on 127.0.0.1:' + port));
            process.stdin.on('end', () => process.exit(0));
            process.stdin.on('error', () => process.exit(0));
            process.stdin.resume();
            """;

    private final Process process;
    private final int port;
    private final String unavailableReason;
    private final Thread shutdownHook;

    private Kinesalite(Process process, int port, String unavailableReason) {
        this.process = process;
        this.port = port;
        this.unavailableReason = unavailableReason;
        if (process != null) {
            shutdownHook = new Thread(this::stopProcess, "kinesalite-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            shutdownHook = null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** @return whether kinesalite is running and answering */
    public boolean available() {
        return process != null;
    }

    /** @return why kinesalite is not running, empty when it is */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailableReason);
    }

    /** @return the port it listens on (the requested one when unavailable) */
    public int port() {
        return port;
    }

    /** @return the node process's id while it runs (for status pages and orphan checks) */
    public OptionalLong pid() {
        return process != null && process.isAlive() ? OptionalLong.of(process.pid())
                : OptionalLong.empty();
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops the node process (and anything it started) and waits for it. */
    @Override
    public void close() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
        stopProcess();
    }

    private void stopProcess() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Options for starting kinesalite. */
    public static final class Builder {

        private int port = 4567;
        private Path dataDirectory;
        private Path cacheDirectory = defaultCacheDirectory();
        private String node = "node";
        private String npm = "npm";
        private Consumer<String> progress = line -> LOG.log(System.Logger.Level.INFO, line);
        private Duration installTimeout = Duration.ofMinutes(5);
        private Duration startTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** The port on 127.0.0.1 (default 4567); 0 picks a free one. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** Persist streams under this directory (LevelDB); {@code null} (the default) keeps them in memory. */
        public Builder dataDirectory(Path value) {
            dataDirectory = value;
            return this;
        }

        /** Where the npm package is installed once (default {@code ~/.cache/ddbstreams/kinesalite}). */
        public Builder cacheDirectory(Path value) {
            cacheDirectory = Objects.requireNonNull(value, "cacheDirectory");
            return this;
        }

        /** The Node.js command (default {@code node} on the PATH). */
        public Builder nodeCommand(String value) {
            node = Objects.requireNonNull(value, "nodeCommand");
            return this;
        }

        /** The npm command (default {@code npm} on the PATH). */
        public Builder npmCommand(String value) {
            npm = Objects.requireNonNull(value, "npmCommand");
            return this;
        }

        /** Receives progress lines (the npm install's output, the start); default: the logger. */
        public Builder progress(Consumer<String> value) {
            progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        public Builder installTimeout(Duration value) {
            installTimeout = Objects.requireNonNull(value, "installTimeout");
            return this;
        }

        public Builder startTimeout(Duration value) {
            startTimeout = Objects.requireNonNull(value, "startTimeout");
            return this;
        }

        /**
         * Installs (once) and starts kinesalite, and waits until it answers.
         *
         * @return a running instance, or one that is not {@link #available()} with the reason; never throws for a
         *         missing Node.js, a failed install or a failed start
         */
        public Kinesalite start() {
            int actualPort = port == 0 ? FreePorts.resolve(0) : port;
            try {
                Optional<String> nodeVersion = run(List.of(node, "--version"), Duration.ofSeconds(15), null, false);
                if (nodeVersion.isEmpty()) {
                    return unavailable(actualPort, "Node.js is not installed (no working '" + node + "' on the PATH); "
                            + "the Kinesis scenario needs it to run kinesalite");
                }
                Path installDirectory = cacheDirectory.toAbsolutePath();
                String problem = install(installDirectory);
                if (problem != null) {
                    return unavailable(actualPort, problem);
                }
                Path launcher = installDirectory.resolve("launch-kinesalite.js");
                writeIfChanged(launcher, LAUNCHER);
                List<String> command = new ArrayList<>(List.of(node, launcher.toString(), installDirectory.toString(),
                        Integer.toString(actualPort)));
                if (dataDirectory != null) {
                    Files.createDirectories(dataDirectory);
                    command.add(dataDirectory.toAbsolutePath().toString());
                }
                progress.accept("Starting kinesalite " + VERSION + " on 127.0.0.1:" + actualPort
                        + (dataDirectory == null ? " (in memory)" : " (data in " + dataDirectory + ")"));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                StringBuilder output = new StringBuilder();
                CountDownLatch listening = new CountDownLatch(1);
                Thread pump = pump(process.getInputStream(), line -> {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith(LISTENING)) {
                        listening.countDown();
                    }
                    LOG.log(System.Logger.Level.DEBUG, line);
                });
                pump.start();
                if (!awaitListening(process, listening, startTimeout)) {
                    process.destroyForcibly();
                    pump.join(1000);
                    String log;
                    synchronized (output) {
                        log = output.toString().strip();
                    }
                    return unavailable(actualPort, "kinesalite did not start on 127.0.0.1:" + actualPort
                            + " within " + startTimeout.toSeconds() + " s (port in use?)"
                            + (log.isEmpty() ? "" : ": " + log));
                }
                return new Kinesalite(process, actualPort, null);
            } catch (IOException | RuntimeException e) {
                return unavailable(actualPort, "kinesalite could not be started: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return unavailable(actualPort, "interrupted while starting kinesalite");
            }
        }

        private Kinesalite unavailable(int actualPort, String reason) {
            LOG.log(System.Logger.Level.WARNING, reason);
            return new Kinesalite(null, actualPort, reason);
        }

        /** @return null when kinesalite@VERSION is installed, else why it could not be */
        private String install(Path directory) throws IOException {
            Files.createDirectories(directory);
            // One installer at a time (parallel test JVMs, two runtimes): the others wait and reuse its result.
            try (FileChannel channel = FileChannel.open(directory.resolve(".install.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    return installLocked(directory);
                } finally {
                    lock.release();
                }
            }
        }

        private String installLocked(Path directory) throws IOException {
            if (installedVersion(directory).filter(VERSION::equals).isPresent()) {
                return null;
            }
            Optional<String> npmVersion = run(List.of(npm, "--version"), Duration.ofSeconds(30), directory, false);
            if (npmVersion.isEmpty()) {
                return "npm is not installed (no working '" + npm + "' on the PATH); it installs kinesalite for the "
                        + "Kinesis scenario";
            }
            writeIfChanged(directory.resolve("package.json"),
                    "{\"name\":\"ddbstreams-kinesalite\",\"private\":true,\"description\":\"kinesalite for the "
                            + "local runtime\"}\n");
            progress.accept("Installing kinesalite " + VERSION + " from the npm registry into " + directory
                    + " (once)...");
            Optional<String> result = run(List.of(npm, "install", "--no-audit", "--no-fund", "--no-save",
                    "kinesalite@" + VERSION), installTimeout, directory, true);
            if (result.isEmpty() || installedVersion(directory).filter(VERSION::equals).isEmpty()) {
                return "npm install kinesalite@" + VERSION + " failed in " + directory
                        + " (offline? see the output above); the Kinesis scenario is unavailable";
            }
            progress.accept("kinesalite " + VERSION + " installed");
            return null;
        }

        private static Optional<String> installedVersion(Path directory) {
            Path manifest = directory.resolve("node_modules").resolve("kinesalite").resolve("package.json");
            if (!Files.isRegularFile(manifest) || !Files.isRegularFile(manifest.resolveSibling("index.js"))) {
                return Optional.empty();
            }
            try {
                Matcher matcher = PACKAGE_VERSION.matcher(Files.readString(manifest, StandardCharsets.UTF_8));
                return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** Runs a command; @return its output when it exited 0 in time, empty otherwise (or when it cannot run) */
        private Optional<String> run(List<String> command, Duration timeout, Path directory, boolean showProgress) {
            Process process;
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                if (directory != null) {
                    builder.directory(directory.toFile());
                }
                process = builder.start();
            } catch (IOException e) {
                return Optional.empty();
            }
            StringBuilder output = new StringBuilder();
            Thread pump = pump(process.getInputStream(), line -> {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                if (showProgress) {
                    progress.accept("  npm: " + line);
                }
            });
            pump.start();
            try {
                closeQuietly(process.getOutputStream());
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    return Optional.empty();
                }
                pump.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                return Optional.empty();
            }
            synchronized (output) {
                return process.exitValue() == 0 ? Optional.of(output.toString().strip()) : Optional.empty();
            }
        }

        /**
         * Waits for the launcher's own "listening" line: a TCP probe alone would also succeed against whatever
         * else holds the port.
         */
        private static boolean awaitListening(Process process, CountDownLatch listening,
                Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (listening.await(100, TimeUnit.MILLISECONDS)) {
                    return process.isAlive();
                }
                if (!process.isAlive()) {
                    return false;
                }
            }
            return false;
        }

        private static Thread pump(InputStream input, Consumer<String> lines) {
            Thread thread = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.accept(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "kinesalite-output");
            thread.setDaemon(true);
            return thread;
        }

        private static void writeIfChanged(Path file, String content) {
            try {
                if (!Files.isRegularFile(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
                    Files.writeString(file, content, StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + file, e);
            }
        }

        private static void closeQuietly(OutputStream stream) {
            try {
                stream.close();
            } catch (IOException e) {
                // nothing to do
            }
        }

        private static Path defaultCacheDirectory() {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            return base.resolve("ddbstreams").resolve("kinesalite");
        }
    }
}
