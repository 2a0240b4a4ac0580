package dev.ddbstreams.local.mapping;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A poller's running flag, pauses that end as soon as it is stopped, and invocations that stopping interrupts.
 *
 * <p>Stopping never interrupts a thread inside an SDK call: an interrupted request leaves its HTTP connection
 * half used, and ElasticMQ then waits a full minute for it when it shuts down. SDK calls are short (an SQS long
 * poll is at most the configured wait), so they simply finish; only pauses and function invocations are cut short.
 */
final class Lifecycle {

    /** Thrown to unwind a poller thread when it is stopped; nothing is committed on the way out. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private volatile boolean running = true;
    private final Object monitor = new Object();
    private final Set<Thread> invoking = new HashSet<>();

    boolean running() {
        return running;
    }

    /** Stops: wakes every pause and interrupts every invocation in progress. */
    void stop() {
        running = false;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        synchronized (invoking) {
            invoking.forEach(Thread::interrupt);
        }
    }

    void ensureRunning() {
        if (!running) {
            throw new Stopped();
        }
    }

    /** Waits for {@code duration}; throws {@link Stopped} when stopped before or during the pause. */
    void pause(Duration duration) {
        ensureRunning();
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (monitor) {
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (InterruptedException e) {
                    // Not ours (stop() notifies): end this pause early and carry on.
                    break;
                }
            }
        }
        ensureRunning();
    }

    /** Runs a function invocation that {@link #stop()} may interrupt (the invoker decides what that means). */
    <T> T interruptibly(Supplier<T> call) {
        Thread current = Thread.currentThread();
        synchronized (invoking) {
            ensureRunning();
            invoking.add(current);
        }
        try {
            return call.get();
        } finally {
            synchronized (invoking) {
                invoking.remove(current);
                // An interrupt meant for the invocation must not abort the next SDK call.
                Thread.interrupted();
            }
        }
    }
}
