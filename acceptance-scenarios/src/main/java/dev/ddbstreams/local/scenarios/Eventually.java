package dev.ddbstreams.local.scenarios;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls until an asynchronous effect is visible (streams and queues are eventually consistent). */
final class Eventually {

    private static final Duration POLL = Duration.ofMillis(100);

    private Eventually() {
    }

    /**
     * @param what    what is awaited, for the failure message
     * @param probe   returns the value once the effect is visible, else empty
     * @param lastSeen describes the current state when the wait times out
     */
    static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe, Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new ScenarioFailure("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; last seen: " + lastSeen.get());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ScenarioFailure("Interrupted while waiting for " + what);
            }
        }
    }
}
