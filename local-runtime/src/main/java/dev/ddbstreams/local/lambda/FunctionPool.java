package dev.ddbstreams.local.lambda;

import dev.ddbstreams.local.lambda.FunctionInstance.InitFailure;
import dev.ddbstreams.local.lambda.FunctionInstance.Result;
import dev.ddbstreams.local.lambda.FunctionInstance.State;
import dev.ddbstreams.local.lambda.Invocation.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A function's execution environments: up to {@code maxInstances} processes, each running one invocation at
 * a time, started on first use and kept warm. Invocations beyond that wait their turn (in order).
 *
 * <p>After a failed initialisation the next start waits for a back-off (doubling up to a maximum, reset by
 * a successful start): a broken function whose caller retries at once costs one JVM start per back-off
 * period, not a hot loop of JVM starts.
 *
 * <p>A pool is {@linkplain #retire() retired} when its function is replaced (new code or configuration) or deleted:
 * invocations already running finish on their instances, which then stop; an invocation that had not started yet
 * is handed back ({@link #invoke} returns {@code null}) to run on the function's new pool.
 */
final class FunctionPool {

    private final LocalFunction function;
    private final Settings settings;
    private final Semaphore permits;
    private final Deque<FunctionInstance> idle = new ArrayDeque<>();
    private final List<FunctionInstance> instances = new ArrayList<>();
    private final Function<Integer, FunctionInstance> instanceFactory;
    private final Stats stats;
    private final AtomicInteger coldStarts;
    private final AtomicLong invocations;
    private final AtomicLong errors;
    private final AtomicLong timeouts;
    private final AtomicLong restarts;
    private volatile String lastError;
    private volatile boolean lastInitFailed;
    private volatile boolean closed;
    private volatile boolean retired;

    private final Object backoffLock = new Object();
    private long nextStartNotBeforeNanos;
    private Duration backoff;

    /** Pool-wide settings, shared by every function of a runtime. */
    record Settings(Duration initTimeout, Duration initialBackoff, Duration maxBackoff) {
    }

    /** A function's counters, kept across the pools of its successive definitions. */
    static final class Stats {
        final AtomicInteger coldStarts = new AtomicInteger();
        final AtomicLong invocations = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final AtomicLong restarts = new AtomicLong();
    }

    /**
     * @param instanceFactory makes instance {@code i} (0-based); it reports idle deaths through
     *                        {@link #onIdleExit(String)}
     */
    FunctionPool(LocalFunction function, Settings settings, Function<Integer, FunctionInstance> instanceFactory) {
        this(function, settings, instanceFactory, new Stats());
    }

    /** A pool counting into {@code stats} (those of the definition it replaces). */
    FunctionPool(LocalFunction function, Settings settings, Function<Integer, FunctionInstance> instanceFactory,
            Stats stats) {
        this.function = function;
        this.settings = settings;
        this.permits = new Semaphore(function.maxInstances(), true);
        this.instanceFactory = instanceFactory;
        this.backoff = settings.initialBackoff();
        this.stats = stats;
        this.coldStarts = stats.coldStarts;
        this.invocations = stats.invocations;
        this.errors = stats.errors;
        this.timeouts = stats.timeouts;
        this.restarts = stats.restarts;
    }

    Stats stats() {
        return stats;
    }

    LocalFunction function() {
        return function;
    }

    /**
     * Runs one invocation, starting an instance if needed; never throws.
     *
     * @return {@code null} when the pool was retired before the invocation started: run it on the function's
     *         current pool
     */
    Invocation invoke(String payloadJson, String invokedFunctionArn) {
        long startNanos = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        if (retired && !closed) {
            return null;
        }
        if (closed) {
            invocations.incrementAndGet();
            return count(initError(requestId, "Runtime.ShuttingDown", "The local runtime is shutting down", startNanos, false));
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            invocations.incrementAndGet();
            return count(initError(requestId, "Runtime.Interrupted", "Interrupted while waiting for a free instance of "
                    + function.name(), startNanos, false));
        }
        if (retired && !closed) {
            permits.release();
            return null;
        }
        invocations.incrementAndGet();
        FunctionInstance instance = null;
        try {
            instance = take();
            boolean cold = false;
            if (!instance.isAlive()) {
                Invocation failure = startInstance(instance, requestId, startNanos);
                if (failure != null) {
                    return count(failure);
                }
                cold = true;
            }
            Result result;
            try {
                result = instance.invoke(requestId, payloadJson, invokedFunctionArn, function.timeout());
            } catch (RuntimeException unexpected) {
                // A bug here must not reach the caller as an exception (pollers and the HTTP API expect a result).
                instance.kill(true);
                result = new Result(Outcome.PROCESS_EXITED, null, "Runtime.Unexpected",
                        "The local runtime failed to run the invocation: " + unexpected);
            }
            if (isHandlerFault(result)) {
                // The process is useless (every invocation would fail alike) and the jar may be rebuilt meanwhile.
                instance.kill(true);
                Invocation failure = recordInitFailure(requestId, new InitFailure(result.errorType(),
                        result.errorMessage() + " (handler setting: " + function.handler() + ")"), startNanos, cold);
                // It ran in the process, between START and REPORT: its execution log is the invocation's.
                return count(new Invocation(failure.requestId(), failure.outcome(), null, failure.errorType(),
                        failure.errorMessage(), failure.duration(), cold, result.logTail()));
            }
            if (result.outcome() == Outcome.TIMEOUT || result.outcome() == Outcome.PROCESS_EXITED) {
                lastError = result.errorType() + ": " + result.errorMessage();
            }
            return count(new Invocation(requestId, result.outcome(), result.responseJson(), result.errorType(),
                    result.errorMessage(), elapsed(startNanos), cold, result.logTail()));
        } finally {
            if (instance != null) {
                giveBack(instance);
            }
            permits.release();
        }
    }

    private Invocation startInstance(FunctionInstance instance, String requestId, long startNanos) {
        if (!awaitBackoff()) {
            return initError(requestId, "Runtime.ShuttingDown", "The local runtime is shutting down", startNanos, false);
        }
        Path jar = function.jar();
        if (!Files.exists(jar)) {
            return recordInitFailure(requestId, new InitFailure("Runtime.JarNotFound", "Function " + function.name()
                    + ": its jar " + jar.toAbsolutePath() + " does not exist; `make build` builds it"), startNanos, false);
        }
        if (instance.endedAbnormally()) {
            restarts.incrementAndGet();
        }
        coldStarts.incrementAndGet();
        InitFailure failure = instance.start(settings.initTimeout(), requestId);
        if (failure != null) {
            return recordInitFailure(requestId, failure, startNanos, true);
        }
        synchronized (backoffLock) {
            backoff = settings.initialBackoff();
            nextStartNotBeforeNanos = 0;
        }
        lastInitFailed = false;
        return null;
    }

    private Invocation recordInitFailure(String requestId, InitFailure failure, long startNanos, boolean cold) {
        lastInitFailed = true;
        lastError = failure.errorType() + ": " + failure.errorMessage();
        synchronized (backoffLock) {
            nextStartNotBeforeNanos = System.nanoTime() + backoff.toNanos();
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
        }
        // The execution log of the failed initialisation (INIT_REPORT, START, END, REPORT) is the invocation's.
        return new Invocation(requestId, Outcome.INIT_ERROR, null, failure.errorType(), failure.errorMessage(),
                elapsed(startNanos), cold, failure.logTail());
    }

    /**
     * Whether a function error is really a handler that cannot be loaded. The Runtime Interface Client does not
     * report a missing handler class or method, or a malformed handler setting, as an init error: it starts
     * and fails every invocation with {@code java.lang.ClassNotFoundException "Class not found: ..."} or
     * {@code Runtime.BadFunctionCode}. Reported here as the init error it is.
     */
    static boolean isHandlerFault(Result result) {
        if (result.outcome() != Outcome.FUNCTION_ERROR || result.errorMessage() == null) {
            return false;
        }
        return "Runtime.BadFunctionCode".equals(result.errorType())
                || ("java.lang.ClassNotFoundException".equals(result.errorType())
                        && result.errorMessage().startsWith("Class not found: "));
    }

    /** Sleeps until the back-off after a failed start is over; false when the runtime closed meanwhile. */
    private boolean awaitBackoff() {
        while (!closed) {
            long waitNanos;
            synchronized (backoffLock) {
                waitNanos = nextStartNotBeforeNanos == 0 ? 0 : nextStartNotBeforeNanos - System.nanoTime();
            }
            if (waitNanos <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(Duration.ofNanos(waitNanos).toMillis() + 1, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Records an instance's process dying while idle (crash outside an invocation). */
    void onIdleExit(String cause) {
        if (!closed) {
            lastError = "Runtime.ExitError: " + cause;
        }
    }

    private synchronized FunctionInstance take() {
        // Warm first: a cold start only when no running instance is free.
        for (FunctionInstance candidate : idle) {
            if (candidate.isAlive()) {
                idle.remove(candidate);
                return candidate;
            }
        }
        if (!idle.isEmpty()) {
            return idle.pollFirst();
        }
        // The semaphore guarantees instances.size() < maxInstances here.
        FunctionInstance created = instanceFactory.apply(instances.size());
        instances.add(created);
        if (closed) {
            created.close(); // it must never start a process close() would not see
        }
        return created;
    }

    private synchronized void giveBack(FunctionInstance instance) {
        idle.addFirst(instance);
    }

    /**
     * Retires this pool (its function was replaced or deleted): no invocation starts on it any more; those running
     * finish, then every instance stops. Returns at once; {@code drained} runs once every instance has stopped.
     */
    void retire(Runnable drained) {
        retired = true;
        Thread stopper = new Thread(() -> {
            // The fair semaphore hands out every permit once the invocations running (and those queued before, which
            // see the pool retired and go elsewhere) are done: then no instance is in use.
            permits.acquireUninterruptibly(function.maxInstances());
            try {
                List<FunctionInstance> snapshot;
                synchronized (this) {
                    snapshot = List.copyOf(instances);
                }
                snapshot.forEach(FunctionInstance::close);
            } finally {
                // A caller that read the pool before it was retired may queue behind this thread: it gets a permit,
                // sees the pool retired and goes to the current pool.
                permits.release(function.maxInstances());
                drained.run();
            }
        }, "function-retire-" + function.name());
        stopper.setDaemon(true);
        stopper.start();
    }

    boolean retired() {
        return retired;
    }

    private Invocation count(Invocation invocation) {
        if (!invocation.succeeded()) {
            errors.incrementAndGet();
        }
        if (invocation.outcome() == Outcome.TIMEOUT) {
            timeouts.incrementAndGet();
        }
        return invocation;
    }

    private static Invocation initError(String requestId, String type, String message, long startNanos, boolean cold) {
        return new Invocation(requestId, Outcome.INIT_ERROR, null, type, message, elapsed(startNanos), cold);
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    FunctionStatus status() {
        List<FunctionInstance> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(instances);
        }
        String state;
        if (snapshot.stream().anyMatch(instance -> instance.state() == State.BUSY)) {
            state = "BUSY";
        } else if (snapshot.stream().anyMatch(instance -> instance.state() == State.STARTING)) {
            state = "STARTING";
        } else if (snapshot.stream().anyMatch(instance -> instance.state() == State.READY)) {
            state = "READY";
        } else if (lastInitFailed) {
            state = "FAILED";
        } else {
            state = "STOPPED";
        }
        return new FunctionStatus(function.qualifiedName(), state, coldStarts.get(), invocations.get(), errors.get(),
                timeouts.get(), restarts.get(), lastError);
    }

    /** Process ids of the running instances (for tests and diagnostics). */
    synchronized List<ProcessHandle> processes() {
        return instances.stream().map(FunctionInstance::processHandle)
                .filter(handle -> handle != null && handle.isAlive()).toList();
    }

    /** Kills every instance; invocations in progress end as PROCESS_EXITED, later ones fail fast. */
    void close() {
        List<FunctionInstance> snapshot;
        synchronized (this) {
            closed = true;
            snapshot = List.copyOf(instances);
        }
        snapshot.forEach(FunctionInstance::close);
    }
}
