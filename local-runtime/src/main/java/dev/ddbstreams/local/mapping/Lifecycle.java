package dev.ddbstreams.local.mapping;

import java.time.Duration;

/** A poller's running flag, and pauses that end early when it is stopped. */
final class Lifecycle {

    /** Thrown to unwind a poller thread when it is stopped; nothing is committed on the way out. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private volatile boolean running = true;

    boolean running() {
        return running;
    }

    void stop() {
        running = false;
    }

    void ensureRunning() {
        if (!running) {
            throw new Stopped();
        }
    }

    /** Sleeps for {@code duration}; throws {@link Stopped} when stopped before or during the pause. */
    void pause(Duration duration) {
        ensureRunning();
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            // close() interrupts to cut pauses short; any other interrupt is ignored while running.
            if (!running) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }
        ensureRunning();
    }
}
