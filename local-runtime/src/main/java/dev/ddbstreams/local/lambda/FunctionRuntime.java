package dev.ddbstreams.local.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Runs functions the way Lambda does, from their deployment jars: each execution environment is a JVM of its
 * own, started through the AWS Lambda Runtime Interface Client against a Lambda Runtime API served here, with
 * the function's environment. A function starts on first use and stays warm; one invocation at a time per
 * instance, up to {@link LocalFunction#maxInstances()} instances per function.
 *
 * <p>What Lambda does on failure, this does too: the function timeout is enforced (the process is killed,
 * outcome {@code TIMEOUT}, a fresh process next time); a process that exits mid-invocation gives
 * {@code PROCESS_EXITED} and is restarted on next use; a failed initialisation (bad handler, constructor or
 * static initialiser throws, missing jar) gives {@code INIT_ERROR} with its cause, and the next invocation
 * tries again after a back-off.
 *
 * <p>Functions can be {@linkplain #deploy deployed} (added, or replaced with new code or configuration) and
 * {@linkplain #remove removed} while the runtime runs, as the Lambda control plane does: invocations running on a
 * replaced or removed definition finish on their instances, which then stop; the next invocation of a replaced
 * function starts on the new definition.
 *
 * <p>{@link #close()} (and a JVM shutdown hook, should the JVM exit without it) kills every process tree this
 * runtime started. Should this JVM die without running hooks ({@code kill -9}), the function JVMs still exit:
 * their Runtime API connection breaks and the Runtime Interface Client stops.
 *
 * <pre>{@code
 * try (FunctionRuntime runtime = FunctionRuntime.builder()
 *         .runtimeLibraries(Path.of("local-runtime/target/lambda-runtime"))
 *         .function(LocalFunction.of("notes-api", spec, jar, environment).withMaxInstances(2))
 *         .invocationListener((function, source, invocation) -> log(function, source, invocation))
 *         .build()) {
 *     Invocation invocation = runtime.invoke("notes-api", eventJson, "http-api");
 * }
 * }</pre>
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html">Lambda execution environment lifecycle</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Lambda runtime API</a>
 */
public final class FunctionRuntime implements FunctionInvoker, AutoCloseable {

    private static final String WORK_ROOT_PREFIX = "ddbstreams-functions-";
    private static final String OWNER_FILE = "owner.pid";

    private final Map<String, FunctionPool> pools = new ConcurrentSkipListMap<>();
    /** Pools of replaced or removed definitions whose last invocations are still running. */
    private final Set<FunctionPool> retiring = ConcurrentHashMap.newKeySet();
    private final AtomicLong poolSerial = new AtomicLong();
    private final InvocationListener invocationListener;
    private final FunctionProcessLauncher launcher;
    private final LaunchOptions launchOptions;
    private final FunctionPool.Settings poolSettings;
    private final FunctionOutputListener outputListener;
    private final EnvironmentLogs environmentLogs;
    private final String region;
    private final String accountId;
    private final Path workRoot;
    private final boolean deleteWorkRoot;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private FunctionRuntime(Builder builder) {
        Path runtimeLibraries = Objects.requireNonNull(builder.runtimeLibraries, "runtimeLibraries is required");
        Path ricJar = RuntimeInterfaceClient.locateJar(runtimeLibraries);
        this.invocationListener = builder.invocationListener;
        try {
            if (builder.workDirectory == null) {
                deleteAbandonedWorkRoots();
                this.workRoot = Files.createTempDirectory(WORK_ROOT_PREFIX);
                Files.writeString(workRoot.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
                this.deleteWorkRoot = true;
            } else {
                this.workRoot = Files.createDirectories(builder.workDirectory);
                this.deleteWorkRoot = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the functions' work directory", e);
        }
        Path jni = RuntimeInterfaceClient.extractJni(ricJar, workRoot);
        this.region = builder.region;
        this.accountId = builder.accountId;
        this.launcher = new FunctionProcessLauncher(new FunctionProcessLauncher.Settings(
                javaExecutable(), runtimeLibraries, jni, builder.region, builder.accountId, builder.accessKeyId,
                builder.secretAccessKey, builder.sessionToken, builder.extraClassPath, builder.jvmOptions,
                builder.launchVariables));
        this.launchOptions = builder.appCdsDirectory == null ? LaunchOptions.NONE : new AppCds(builder.appCdsDirectory);
        this.poolSettings = new FunctionPool.Settings(builder.initTimeout, builder.initialBackoff, builder.maxBackoff);
        this.outputListener = builder.outputListener;
        this.environmentLogs = builder.environmentLogs;
        for (LocalFunction function : builder.functions.values()) {
            pools.put(function.qualifiedName(), newPool(function, null));
        }
        this.shutdownHook = new Thread(this::close, "function-runtime-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    private FunctionPool newPool(LocalFunction function, FunctionPool.Stats stats) {
        long serial = poolSerial.incrementAndGet();
        FunctionPool[] self = new FunctionPool[1];
        self[0] = new FunctionPool(function, poolSettings, index -> new FunctionInstance(function,
                function.name() + "-" + serial + "-" + index, launcher, launchOptions, workRoot, outputListener,
                cause -> self[0].onIdleExit(cause), environmentLogs), stats == null ? new FunctionPool.Stats() : stats);
        return self[0];
    }

    /**
     * Adds a function, or replaces its definition (new code or configuration): invocations running on the old
     * definition finish, then its processes stop; the next invocation starts a process of the new one. Returns at
     * once (processes start on first use). The function's counters carry on across definitions.
     *
     * @throws IllegalStateException when the runtime is closed
     */
    public synchronized void deploy(LocalFunction function) {
        if (closed) {
            throw new IllegalStateException("the function runtime is closed");
        }
        FunctionPool previous = pools.get(function.qualifiedName());
        pools.put(function.qualifiedName(), newPool(function, previous == null ? null : previous.stats()));
        if (previous != null) {
            retire(previous);
        }
    }

    /**
     * Removes a function: invocations running finish, then its processes stop; later invocations of it are rejected
     * as unknown.
     *
     * @return whether the function existed
     */
    public synchronized boolean remove(String functionName) {
        FunctionPool previous = pools.remove(functionName);
        if (previous == null) {
            return false;
        }
        retire(previous);
        return true;
    }

    private void retire(FunctionPool pool) {
        retiring.add(pool);
        pool.retire(() -> retiring.remove(pool));
    }

    /** The definition a function runs now, if it is deployed. */
    public Optional<LocalFunction> function(String functionName) {
        return Optional.ofNullable(pools.get(functionName)).map(FunctionPool::function);
    }
    /**
     * {@inheritDoc}
     *
     * <p>Blocks while every instance of the function is busy, then runs on a warm instance or starts one.
     */
    @Override
    public Invocation invoke(String functionName, String invokedFunctionArn, String payloadJson, String source) {
        Objects.requireNonNull(payloadJson, "payloadJson");
        // Invoked without a caller's ARN: as by the deployment's own ARN (the function's for $LATEST, the version's).
        String invokedArn = invokedFunctionArn != null ? invokedFunctionArn
                : FunctionProcessLauncher.functionArn(region, accountId, functionName);
        Invocation invocation = null;
        while (invocation == null) {
            FunctionPool pool = pools.get(functionName);
            if (pool == null) {
                throw new IllegalArgumentException("Unknown function " + functionName + "; declared: " + pools.keySet());
            }
            invocation = pool.invoke(payloadJson, invokedArn); // null: replaced meanwhile, run on the new definition
        }
        if (invocationListener != null) {
            try {
                invocationListener.onInvocation(functionName, source, invocation);
            } catch (RuntimeException e) {
                // A logging problem must not turn a finished invocation into a failure.
            }
        }
        return invocation;
    }

    /** Every function's status, by name. */
    public List<FunctionStatus> status() {
        return pools.values().stream().map(FunctionPool::status).toList();
    }

    /** One function's status. */
    public FunctionStatus status(String functionName) {
        FunctionPool pool = pools.get(functionName);
        if (pool == null) {
            throw new IllegalArgumentException("Unknown function " + functionName);
        }
        return pool.status();
    }

    /** The function's ARN as sent to it ({@code arn:aws:lambda:<region>:<account>:function:<name>}). */
    public String functionArn(String functionName) {
        if (!pools.containsKey(functionName)) {
            throw new IllegalArgumentException("Unknown function " + functionName);
        }
        return FunctionProcessLauncher.functionArn(region, accountId, functionName);
    }

    public Set<String> functionNames() {
        return Set.copyOf(pools.keySet());
    }

    /** The processes of one function running now (of its current definition and of replaced ones still finishing). */
    public List<ProcessHandle> processes(String functionName) {
        FunctionPool pool = pools.get(functionName);
        if (pool == null) {
            throw new IllegalArgumentException("Unknown function " + functionName);
        }
        List<ProcessHandle> all = new ArrayList<>(pool.processes());
        retiring.stream().filter(old -> old.function().qualifiedName().equals(functionName))
                .forEach(old -> all.addAll(old.processes()));
        return all;
    }

    /** The function processes running now (all functions). */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        pools.values().forEach(pool -> all.addAll(pool.processes()));
        retiring.forEach(pool -> all.addAll(pool.processes()));
        return all;
    }

    /** Kills every function process tree and waits for them to be gone. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from another shutdown hook: ours runs anyway, and finds nothing left to kill.
        }
        if (deleteWorkRoot) {
            deleteRecursively(workRoot);
        }
    }

    private void killAll() {
        closed = true;
        // One thread per function: each stop waits for its processes to be gone (a process writing its class
        // archive takes a second or two), and shutdown should not take the sum of those waits.
        List<Thread> stoppers = new ArrayList<>();
        List<FunctionPool> all = new ArrayList<>(pools.values());
        all.addAll(retiring);
        for (FunctionPool pool : all) {
            Thread stopper = new Thread(pool::close, "function-stop-" + pool.function().qualifiedName());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Removes temporary work directories of runtimes whose JVM died without cleaning up ({@code kill -9}):
     * only those marked with an owner pid that is no longer alive.
     */
    private static void deleteAbandonedWorkRoots() {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> candidates = Files.list(temp)) {
            candidates.filter(path -> path.getFileName().toString().startsWith(WORK_ROOT_PREFIX))
                    .filter(path -> Files.isRegularFile(path.resolve(OWNER_FILE)))
                    .filter(path -> !ownerAlive(path.resolve(OWNER_FILE)))
                    .forEach(FunctionRuntime::deleteRecursively);
        } catch (IOException | RuntimeException e) {
            // Housekeeping only.
        }
    }

    private static boolean ownerAlive(Path ownerFile) {
        try {
            long pid = Long.parseLong(Files.readString(ownerFile).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return true; // unreadable: leave it alone
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // Temporary files only; the OS cleans up what is left.
        }
    }

    /** Configures a {@link FunctionRuntime}. Only {@link #runtimeLibraries(Path)} is required. */
    public static final class Builder {

        private Path runtimeLibraries;
        private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private String accessKeyId = "local";
        private String secretAccessKey = "local";
        private String sessionToken = "local";
        private java.util.function.Function<String, Map<String, String>> launchVariables = name -> Map.of();
        private FunctionOutputListener outputListener = FunctionOutputListener.toStandardOutput();
        private EnvironmentLogs environmentLogs = EnvironmentLogs.NONE;
        private InvocationListener invocationListener;
        private Path workDirectory;
        private Duration initTimeout = Duration.ofSeconds(30);
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private final List<Path> extraClassPath = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private Path appCdsDirectory;

        private Builder() {
        }

        /**
         * The directory holding the Runtime Interface Client, aws-lambda-java-core and
         * aws-lambda-java-serialization jars ({@code local-runtime/target/lambda-runtime}): what Lambda's Java
         * runtime provides to every function.
         */
        public Builder runtimeLibraries(Path directory) {
            this.runtimeLibraries = directory;
            return this;
        }

        public Builder function(LocalFunction function) {
            if (functions.putIfAbsent(function.qualifiedName(), function) != null) {
                throw new IllegalArgumentException("Function " + function.name() + " is declared twice");
            }
            return this;
        }

        public Builder functions(Iterable<LocalFunction> all) {
            all.forEach(this::function);
            return this;
        }

        /** {@code AWS_REGION} of the functions and the region in their ARNs; default {@code us-east-1}. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        /** The account in the functions' ARNs; default {@code 000000000000}. */
        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId);
            return this;
        }

        /**
         * The (dummy) credentials the functions get; default {@code local}/{@code local}, session token
         * {@code local}.
         */
        public Builder credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId);
            this.secretAccessKey = Objects.requireNonNull(secretAccessKey);
            this.sessionToken = Objects.requireNonNull(sessionToken);
            return this;
        }

        /**
         * Variables computed again each time a function's process starts, by function name, set after the function's
         * own (the local runtime mints the function's execution-role session credentials here when IAM is enforced,
         * as Lambda gives each execution environment its role's temporary credentials); default none.
         */
        public Builder launchVariables(java.util.function.Function<String, Map<String, String>> perFunction) {
            this.launchVariables = Objects.requireNonNull(perFunction);
            return this;
        }

        /** Where function output lines go; default {@code [function-name] line} on standard output. */
        public Builder outputListener(FunctionOutputListener listener) {
            this.outputListener = Objects.requireNonNull(listener);
            return this;
        }

        /**
         * Where each execution environment's output also goes, with Lambda's START, END and REPORT lines per
         * invocation (CloudWatch Logs); default nowhere.
         */
        public Builder environmentLogs(EnvironmentLogs logs) {
            this.environmentLogs = Objects.requireNonNull(logs);
            return this;
        }

        /** Told about every finished invocation (e.g. for one log line each); default none. */
        public Builder invocationListener(InvocationListener listener) {
            this.invocationListener = listener;
            return this;
        }

        /**
         * Where the JNI library and the processes' (empty) working directories go; default a temporary
         * directory, deleted on close.
         */
        public Builder workDirectory(Path directory) {
            this.workDirectory = directory;
            return this;
        }

        /**
         * How long a function may take to initialise before it is killed and reported as an init error;
         * default 30 s (Lambda allows 10 s, but here several JVMs may start at once on a laptop).
         */
        public Builder initTimeout(Duration timeout) {
            this.initTimeout = requirePositive(timeout);
            return this;
        }

        /** The wait before retrying a start that failed, doubling up to {@code max}; default 1 s up to 10 s. */
        public Builder initRetryBackoff(Duration initial, Duration max) {
            this.initialBackoff = requirePositive(initial);
            this.maxBackoff = requirePositive(max);
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max back-off " + max + " is shorter than initial " + initial);
            }
            return this;
        }

        /** Class path entries appended after the runtime libraries (normally none). */
        public Builder extraClassPath(Path... entries) {
            extraClassPath.addAll(List.of(entries));
            return this;
        }

        /** JVM options added to every function JVM (e.g. {@code -Xlog:...}), after the runtime's own. */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /**
         * Enables AppCDS (application class data sharing): the first process of each function jar records a
         * class archive under {@code cacheDirectory} when it is stopped, later processes of that jar start from
         * it (measured launch to first response 0.89 s -> 0.49 s). An archive that does not match the jar or
         * the JDK is ignored by the JVM. Off by default.
         */
        public Builder appCds(Path cacheDirectory) {
            this.appCdsDirectory = cacheDirectory;
            return this;
        }

        /**
         * Extracts the JNI library and registers the shutdown hook; starts no process.
         *
         * @throws IllegalStateException when the runtime libraries are missing or the platform has no JNI build
         */
        public FunctionRuntime build() {
            return new FunctionRuntime(this);
        }

        private static Duration requirePositive(Duration duration) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be positive: " + duration);
            }
            return duration;
        }
    }
}
