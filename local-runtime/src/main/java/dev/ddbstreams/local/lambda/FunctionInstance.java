package dev.ddbstreams.local.lambda;

import dev.ddbstreams.local.lambda.EnvironmentLogs.EnvironmentLog;
import dev.ddbstreams.local.lambda.Invocation.Outcome;
import dev.ddbstreams.local.lambda.InvocationReport.Status;
import dev.ddbstreams.local.lambda.RuntimeApiServer.PendingInvocation;
import dev.ddbstreams.local.lambda.RuntimeApiServer.RuntimeReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One execution environment: a function JVM, its own Runtime API server and its output. Used by one
 * invocation at a time (its pool sees to that); killed and started afresh after a timeout or a crash.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html">Lambda execution environment lifecycle</a>
 */
final class FunctionInstance {

    enum State { STOPPED, STARTING, READY, BUSY }

    /**
     * Why an initialisation failed: the runtime's init error, an exit before asking for work, or a timeout.
     *
     * @param logTail the end of the execution log of the invocation the start was for (the function's output, then
     *                {@code INIT_REPORT}, {@code START}, {@code END}, {@code REPORT}); empty when the environment
     *                never got as far as a process
     */
    record InitFailure(String errorType, String errorMessage, String logTail) {

        InitFailure(String errorType, String errorMessage) {
            this(errorType, errorMessage, "");
        }
    }

    /**
     * How an invocation on a running instance ended.
     *
     * @param logTail the end of its execution log ({@link InvocationLogTail#text}), empty if it was not recorded
     */
    record Result(Outcome outcome, String responseJson, String errorType, String errorMessage, String logTail) {

        Result(Outcome outcome, String responseJson, String errorType, String errorMessage) {
            this(outcome, responseJson, errorType, errorMessage, "");
        }

        Result withLogTail(String tail) {
            return new Result(outcome, responseJson, errorType, errorMessage, tail);
        }
    }

    private static final int TAIL_LINES_IN_ERRORS = 10;
    private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at .*|\\.\\.\\. \\d+ more)");
    private static final long OUTPUT_DRAIN_MS = 2_000;
    /** How long an invocation's END line waits for the function's output of that invocation to be forwarded. */
    private static final long OUTPUT_SETTLE_MS = 200;
    private static final long EXIT_WAIT_MS = 5_000;
    private static final long GRACEFUL_STOP_MS = 15_000;

    private final LocalFunction function;
    private final String instanceName;
    private final FunctionProcessLauncher launcher;
    private final LaunchOptions launchOptions;
    private final Path workRoot;
    private final FunctionOutputListener output;
    private final Consumer<String> unexpectedIdleExit;
    private final EnvironmentLogs environmentLogs;
    private final Object lifecycle = new Object();

    private volatile State state = State.STOPPED;
    private volatile Process process;
    private volatile RuntimeApiServer api;
    private volatile OutputPump pump;
    private volatile Path workingDirectory;
    private volatile boolean stopping;
    private volatile boolean busy;
    private volatile boolean endedAbnormally;
    private volatile List<String> jvmOptions = List.of();
    private volatile EnvironmentLog log = EnvironmentLog.NONE;
    /** The running invocation's log tail, which the function's lines are added to; {@code null} between invocations. */
    private volatile InvocationLogTail invocationTail;
    /** The last start's init duration, reported in the first invocation's REPORT line; -1 once reported. */
    private volatile long initDurationNanos = -1;
    /** The peak resident memory of a process killed for its timeout, read before the kill; -1 once reported. */
    private volatile long peakMbBeforeKill = -1;
    private boolean closed;
    private int generation;
    private long initStartNanos;

    /**
     * @param instanceName       unique among the runtime's instances (names its working directories)
     * @param unexpectedIdleExit told the cause when the process dies while no invocation is running on it
     * @param environmentLogs    where each process's output also goes (one log per process), with START, END and
     *                           REPORT lines per invocation
     */
    FunctionInstance(LocalFunction function, String instanceName, FunctionProcessLauncher launcher,
            LaunchOptions launchOptions, Path workRoot, FunctionOutputListener output,
            Consumer<String> unexpectedIdleExit, EnvironmentLogs environmentLogs) {
        this.function = function;
        this.instanceName = instanceName;
        this.launcher = launcher;
        this.launchOptions = launchOptions;
        this.workRoot = workRoot;
        this.output = output;
        this.unexpectedIdleExit = unexpectedIdleExit;
        this.environmentLogs = environmentLogs;
    }

    State state() {
        return state;
    }

    boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive() && state != State.STOPPED;
    }

    /** Whether its last process ended by a crash, a timeout or a failed init (the next start is a restart). */
    boolean endedAbnormally() {
        return endedAbnormally;
    }

    /** The running process, if any (for tests and diagnostics). */
    ProcessHandle processHandle() {
        Process current = process;
        return current == null ? null : current.toHandle();
    }

    /**
     * Starts a fresh process and waits until the runtime asks for its first invocation. When the initialisation
     * fails, the environment's log gets Lambda's {@code INIT_REPORT} line and, as the invocation that needed the
     * environment fails with it, that invocation's {@code START}, {@code END} and {@code REPORT} lines (see
     * {@link #failInit}).
     *
     * @param requestId the invocation the environment is started for
     * @return {@code null} when ready, else why the initialisation failed (the process is then gone)
     */
    InitFailure start(Duration initTimeout, String requestId) {
        synchronized (lifecycle) {
            if (closed) {
                return new InitFailure("Runtime.ShuttingDown", "The local runtime is shutting down");
            }
            stopProcess();
            stopping = false;
            endedAbnormally = false;
            generation++;
            state = State.STARTING;
            initStartNanos = System.nanoTime();
            try {
                workingDirectory = Files.createDirectories(workRoot.resolve(instanceName + "-" + generation));
                api = new RuntimeApiServer();
                jvmOptions = launchOptions.forLaunch(function);
                log = openLog();
                // The initialisation's output is the execution log of the invocation it is for, should it fail.
                invocationTail = new InvocationLogTail();
                process = launcher.launch(function, api.address(), workingDirectory, jvmOptions, log.streamName());
            } catch (IOException | RuntimeException e) {
                invocationTail = null;
                stopProcess();
                endedAbnormally = true;
                return new InitFailure("Runtime.StartError", "Could not start the function's JVM: " + e);
            }
            EnvironmentLog environmentLog = log;
            Process writer = process;
            pump = new OutputPump(function.qualifiedName(), writer.getInputStream(), () -> !writer.isAlive(), (name, line) -> {
                try {
                    output.onLine(name, line);
                } finally {
                    environmentLog.append(line);
                    InvocationLogTail tail = invocationTail;
                    if (tail != null) {
                        tail.add(line);
                    }
                }
            });
            Process started = process;
            // Handled on a thread of its own: waiting for the last output must not hold up the JDK's reaper.
            started.onExit().thenRun(() -> {
                Thread watcher = new Thread(() -> onExit(started), "function-exit-" + function.name());
                watcher.setDaemon(true);
                watcher.start();
            });
        }
        RuntimeApiServer server = api;
        Process started = process;
        try {
            CompletableFuture.anyOf(server.firstPoll(), server.initError(), started.onExit())
                    .get(initTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Still running: what it wrote so far comes before INIT_REPORT.
            awaitDrained(started);
            return failInit(new InitFailure("Runtime.InitTimeout", "The function did not finish initialising within "
                    + seconds(initTimeout) + " seconds" + lastOutput()), requestId, Status.TIMEOUT,
                    InvocationReport.RUNTIME_UNKNOWN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failInit(new InitFailure("Runtime.Interrupted", "Interrupted while the function was initialising"),
                    requestId, Status.ERROR, InvocationReport.RUNTIME_UNKNOWN);
        } catch (ExecutionException e) {
            return failInit(new InitFailure("Runtime.StartError", String.valueOf(e.getCause())), requestId,
                    Status.ERROR, InvocationReport.RUNTIME_UNKNOWN);
        }
        synchronized (lifecycle) {
            if (closed) {
                invocationTail = null;
                return new InitFailure("Runtime.ShuttingDown", "The local runtime is shutting down");
            }
        }
        if (server.initError().isDone()) {
            RuntimeReply error = server.initError().join();
            // The runtime exits by itself after reporting; wait for it so its last output is in the tail.
            awaitExit(started);
            return failInit(new InitFailure(error.errorType(), error.errorMessage() + lastOutput()), requestId,
                    Status.ERROR, InvocationReport.platformErrorType(error.reportedType()));
        }
        if (server.firstPoll().isDone() && started.isAlive()) {
            initDurationNanos = System.nanoTime() - initStartNanos;
            // A successful start's output stays in the environment's log only, as before.
            invocationTail = null;
            state = State.READY;
            return null;
        }
        awaitExit(started);
        return failInit(new InitFailure(InvocationReport.RUNTIME_EXIT_ERROR, "Runtime exited with error: "
                + exitStatus(started) + " before it finished initialising" + lastOutput()), requestId,
                Status.ERROR, InvocationReport.RUNTIME_EXIT_ERROR);
    }

    /**
     * Ends a failed start: writes what Lambda writes for it, then stops the process. The environment's log gets
     * the {@code INIT_REPORT} line ({@code Status: error} with the error type, or {@code Status: timeout}); the
     * invocation the environment was started for fails with the initialisation, and Lambda logs it as such:
     * {@code START}, {@code END} and a {@code REPORT} line with {@code Status: error} and the error type. AWS re-runs
     * a failed initialisation inside that invocation (a "suppressed init", logged as a second {@code INIT_REPORT}
     * with {@code Phase: invoke}) before it gives up; here the initialisation runs once, so there is one
     * {@code INIT_REPORT}, with {@code Phase: init}. The function's output of the initialisation and these lines
     * are the invocation's execution log (its {@code LogType: Tail}).
     *
     * @param platformErrorType the error type the REPORT line names (and INIT_REPORT's, for an error): a timed-out
     *                          init is {@code Runtime.Unknown}, as in the Runtime Interface Emulator
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html">Understanding the Lambda execution environment lifecycle (failures during the Init phase, suppressed init)</a>
     */
    private InitFailure failInit(InitFailure failure, String requestId, Status status, String platformErrorType) {
        InvocationLogTail tail = invocationTail;
        invocationTail = null;
        InvocationLogTail invocationLogTail = tail == null ? new InvocationLogTail() : tail;
        EnvironmentLog environmentLog = log;
        Consumer<String> invocationLog = line -> {
            environmentLog.append(line);
            invocationLogTail.add(line);
        };
        long elapsedNanos = System.nanoTime() - initStartNanos;
        Process started = process;
        platform(invocationLog, InvocationReport.initReportEvent(Instant.now(), elapsedNanos, status, platformErrorType));
        platform(invocationLog, InvocationReport.startEvent(Instant.now(), requestId, function.version()));
        platform(invocationLog, InvocationReport.endEvent(Instant.now(), requestId, Status.ERROR, platformErrorType));
        platform(invocationLog, InvocationReport.reportEvent(Instant.now(), requestId, System.nanoTime() - initStartNanos,
                function.memoryMb(), started == null ? -1 : InvocationReport.peakResidentMb(started.pid()), -1, Status.ERROR,
                platformErrorType));
        synchronized (lifecycle) {
            stopProcess();
            endedAbnormally = true;
        }
        return new InitFailure(failure.errorType(), failure.errorMessage(), invocationLogTail.text());
    }

    /**
     * Runs one invocation on the ready process; never throws. Its log gets Lambda's {@code START} line before and
     * {@code END} and {@code REPORT} lines after; the result carries the end of that execution log (the lines from
     * {@code START} to {@code REPORT}, the last 4 KB at least), what Invoke returns for {@code LogType: Tail}.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html">Log and monitor Java Lambda functions</a>
     */
    Result invoke(String requestId, String payloadJson, String invokedFunctionArn, Duration timeout) {
        EnvironmentLog environmentLog = log;
        Process running = process;
        long startNanos = System.nanoTime();
        InvocationLogTail tail = new InvocationLogTail();
        Consumer<String> invocationLog = line -> {
            environmentLog.append(line);
            tail.add(line);
        };
        // AWS writes the version that runs: $LATEST, or the published version an invocation of it or its alias runs.
        platform(invocationLog, InvocationReport.startEvent(Instant.now(), requestId, function.version()));
        invocationTail = tail;
        Result result = run(requestId, payloadJson, invokedFunctionArn, timeout);
        long durationNanos = System.nanoTime() - startNanos;
        if (result.outcome() == Outcome.TIMEOUT) {
            invocationLog.accept(Instant.now() + " " + requestId + " Task timed out after "
                    + seconds(timeout) + " seconds");
        }
        // The function wrote its lines of this invocation before its response: once they are forwarded, END follows
        // them. A process that keeps writing from a thread of its own holds END back by at most OUTPUT_SETTLE_MS.
        awaitDrained(running);
        invocationTail = null;
        // A process killed for its timeout is gone by now: its peak was read before the kill.
        long killedPeakMb = peakMbBeforeKill;
        peakMbBeforeKill = -1;
        long peakMb = killedPeakMb >= 0 ? killedPeakMb
                : running == null ? -1 : InvocationReport.peakResidentMb(running.pid());
        long initDuration = takeInitDuration();
        Status status = status(result);
        String errorType = status == Status.ERROR ? InvocationReport.RUNTIME_EXIT_ERROR : null;
        platform(invocationLog, InvocationReport.endEvent(Instant.now(), requestId, status, errorType));
        platform(invocationLog, InvocationReport.reportEvent(Instant.now(), requestId, durationNanos, function.memoryMb(),
                peakMb, initDuration, status, errorType));
        return result.withLogTail(tail.text());
    }

    /** Writes a platform event in the function's log format, unless its system log level filters it out. */
    private void platform(Consumer<String> invocationLog, InvocationReport.PlatformLine line) {
        String rendered = line.render(function.logging());
        if (rendered != null) {
            invocationLog.accept(rendered);
        }
    }

    /**
     * The invocation's status on its {@code REPORT} line / {@code platform.report}: {@code timeout}, {@code error}
     * (with {@code Runtime.ExitError}) for a runtime that exited during the invocation, as Lambda writes them; an
     * invocation the function answered (with an error or not) is {@code success}: its text line has no status.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html">Telemetry API schema reference (platform.report: status, errorType)</a>
     */
    private static Status status(Result result) {
        if (result.outcome() == Outcome.TIMEOUT) {
            return Status.TIMEOUT;
        }
        if (result.outcome() == Outcome.PROCESS_EXITED && InvocationReport.RUNTIME_EXIT_ERROR.equals(result.errorType())) {
            return Status.ERROR;
        }
        return Status.SUCCESS;
    }

    private long takeInitDuration() {
        long value = initDurationNanos;
        initDurationNanos = -1;
        return value;
    }

    private EnvironmentLog openLog() {
        try {
            return environmentLogs.open(function);
        } catch (RuntimeException e) {
            // Logs are a side channel: a failure there must not keep the function from running.
            return EnvironmentLog.NONE;
        }
    }

    private Result run(String requestId, String payloadJson, String invokedFunctionArn, Duration timeout) {
        RuntimeApiServer server = api;
        Process running = process;
        if (server == null || running == null) {
            return new Result(Outcome.PROCESS_EXITED, null, "Runtime.ExitError",
                    "RequestId: " + requestId + " Error: the function process is not running");
        }
        busy = true;
        state = State.BUSY;
        try {
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            PendingInvocation pending = server.submit(requestId, payloadJson.getBytes(StandardCharsets.UTF_8), deadline,
                    invokedFunctionArn);
            try {
                CompletableFuture.anyOf(pending.result(), running.onExit()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!pending.result().isDone()) {
                    server.abandon(pending);
                    // AWS's REPORT of a timed-out invocation has its Max Memory Used: read it while the process lives.
                    peakMbBeforeKill = InvocationReport.peakResidentMb(running.pid());
                    kill(true);
                    // The error object Invoke returns for a timeout, as AWS words it (recorded responses:
                    // {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id> Error: Task timed out after 3.00 seconds"}).
                    return new Result(Outcome.TIMEOUT, null, "Sandbox.Timedout",
                            "RequestId: " + requestId + " Error: Task timed out after " + seconds(timeout) + " seconds");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.abandon(pending);
                kill(true);
                return new Result(Outcome.PROCESS_EXITED, null, "Runtime.Interrupted",
                        "The invocation was interrupted (local runtime stopping); the function process was stopped");
            } catch (ExecutionException e) {
                // Neither future completes exceptionally; treated as the process having gone.
            }
            if (pending.result().isDone() && pending.result().join().success()) {
                state = State.READY;
                return new Result(Outcome.SUCCESS, pending.result().join().body(), null, null);
            }
            if (pending.result().isDone() && !"Runtime.Stopped".equals(pending.result().join().errorType())) {
                RuntimeReply error = pending.result().join();
                state = running.isAlive() ? State.READY : State.STOPPED;
                return new Result(Outcome.FUNCTION_ERROR, null, error.errorType(), error.errorMessage());
            }
            awaitExit(running);
            boolean shuttingDown;
            synchronized (lifecycle) {
                shuttingDown = closed;
                if (!stopping) {
                    endedAbnormally = true;
                }
                stopProcess();
            }
            if (shuttingDown) {
                return new Result(Outcome.PROCESS_EXITED, null, "Runtime.ShuttingDown",
                        "RequestId: " + requestId + " Error: the local runtime is shutting down; the function was stopped");
            }
            return new Result(Outcome.PROCESS_EXITED, null, "Runtime.ExitError", "RequestId: " + requestId
                    + " Error: Runtime exited with error: " + exitStatus(running) + lastOutput());
        } finally {
            busy = false;
        }
    }

    /** Kills the process tree and frees the Runtime API server; waits until the process is gone. */
    void kill(boolean abnormal) {
        synchronized (lifecycle) {
            if (abnormal && process != null) {
                endedAbnormally = true;
            }
            stopProcess();
        }
    }

    /** Kills the process for good: this instance never starts another one. */
    void close() {
        synchronized (lifecycle) {
            closed = true;
            Process current = process;
            if (current != null && launchOptions.wantsGracefulStop(jvmOptions)) {
                // Asked to stop (SIGTERM) rather than killed: the JVM writes its class archive on the way out.
                stopping = true;
                current.destroy();
                try {
                    current.onExit().get(GRACEFUL_STOP_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // Killed below.
                }
            }
            stopProcess();
        }
    }

    private void stopProcess() {
        stopping = true;
        Process current = process;
        if (current != null) {
            ProcessTrees.kill(current.toHandle(), EXIT_WAIT_MS);
        }
        if (api != null) {
            api.close();
        }
        if (pump != null) {
            pump.awaitEnd(OUTPUT_DRAIN_MS, TimeUnit.MILLISECONDS);
        }
        log.close();
        log = EnvironmentLog.NONE;
        deleteWorkingDirectory();
        if (current != null) {
            launchOptions.processEnded(jvmOptions);
        }
        process = null;
        api = null;
        jvmOptions = List.of();
        state = State.STOPPED;
    }

    private void onExit(Process exited) {
        if (exited != process || stopping) {
            return;
        }
        state = State.STOPPED;
        if (!busy) {
            endedAbnormally = true;
            awaitOutput();
            unexpectedIdleExit.accept("Runtime exited while idle: " + exitStatus(exited) + lastOutput());
        }
    }

    private void awaitExit(Process running) {
        try {
            running.onExit().get(EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Still running or unknowable: the caller kills it anyway.
        }
        awaitOutput();
    }

    /** Waits (briefly) until what the running process has written so far is forwarded. */
    private void awaitDrained(Process running) {
        OutputPump forwarding = pump;
        if (forwarding != null && running != null && running.isAlive()) {
            forwarding.awaitDrained(OUTPUT_SETTLE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void awaitOutput() {
        OutputPump current = pump;
        if (current != null) {
            current.awaitEnd(OUTPUT_DRAIN_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** The function's last output lines, stack frames left out so that the causes fit in a few lines. */
    private String lastOutput() {
        OutputPump current = pump;
        if (current == null) {
            return "";
        }
        List<String> lines = current.tail(Integer.MAX_VALUE).lines()
                .filter(line -> !STACK_FRAME.matcher(line).matches() && !line.isBlank())
                .toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES_IN_ERRORS), lines.size());
        return last.isEmpty() ? "" : "\nLast output of the function:\n" + String.join("\n", last);
    }

    private static String exitStatus(Process process) {
        if (process.isAlive()) {
            return "still running";
        }
        int code = process.exitValue();
        // 128 + n: killed by signal n (9 = SIGKILL, e.g. the OOM killer).
        return code > 128 ? "signal " + (code - 128) + " (exit status " + code + ")" : "exit status " + code;
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", duration.toMillis() / 1000.0);
    }

    private void deleteWorkingDirectory() {
        Path directory = workingDirectory;
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // Best effort: the whole work root is removed when the runtime closes.
        }
        workingDirectory = null;
    }
}
