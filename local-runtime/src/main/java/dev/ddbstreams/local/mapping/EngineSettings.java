package dev.ddbstreams.local.mapping;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the pollers. The defaults mirror Lambda where it is documented (a shard is polled about four times
 * a second) and keep retries short so that tests and local runs stay fast; tests shorten them further.
 *
 * @param pollInterval          pause between GetRecords calls on an idle shard (Lambda: ~250 ms)
 * @param discoveryInterval     how often a stream's shard list is read again, for new shards
 * @param retryBackoffInitial   pause before the first retry of a failed batch; doubles per retry
 * @param retryBackoffMax       longest pause between retries
 * @param errorBackoff          pause after an unexpected error or emulator throttling before polling again
 * @param sqsWaitTime           ReceiveMessage long-poll wait (1 s keeps shutdown prompt)
 * @param queueLagInterval      how often an SQS mapping reads ApproximateNumberOfMessages for its lag
 * @param shutdownTimeout       how long {@link MappingEngine#close()} waits for each poller thread
 * @param clock                 the time source for record ages and windows (tests move it forward)
 */
public record EngineSettings(Duration pollInterval, Duration discoveryInterval, Duration retryBackoffInitial,
        Duration retryBackoffMax, Duration errorBackoff, Duration sqsWaitTime, Duration queueLagInterval,
        Duration shutdownTimeout, Clock clock) {

    public EngineSettings {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(discoveryInterval, "discoveryInterval");
        Objects.requireNonNull(retryBackoffInitial, "retryBackoffInitial");
        Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
        Objects.requireNonNull(errorBackoff, "errorBackoff");
        Objects.requireNonNull(sqsWaitTime, "sqsWaitTime");
        Objects.requireNonNull(queueLagInterval, "queueLagInterval");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(clock, "clock");
        if (sqsWaitTime.toSeconds() > 20) {
            throw new IllegalArgumentException("sqsWaitTime is at most 20 s (SQS's limit)");
        }
    }

    /** 250 ms polls, 2 s shard discovery, retries from 100 ms doubling to 2 s, 1 s SQS long polls. */
    public static EngineSettings defaults() {
        return new EngineSettings(Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofMillis(100),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Clock.systemUTC());
    }

    public EngineSettings withPollInterval(Duration value) {
        return new EngineSettings(value, discoveryInterval, retryBackoffInitial, retryBackoffMax, errorBackoff,
                sqsWaitTime, queueLagInterval, shutdownTimeout, clock);
    }

    public EngineSettings withDiscoveryInterval(Duration value) {
        return new EngineSettings(pollInterval, value, retryBackoffInitial, retryBackoffMax, errorBackoff,
                sqsWaitTime, queueLagInterval, shutdownTimeout, clock);
    }

    public EngineSettings withRetryBackoff(Duration initial, Duration max) {
        return new EngineSettings(pollInterval, discoveryInterval, initial, max, errorBackoff, sqsWaitTime,
                queueLagInterval, shutdownTimeout, clock);
    }

    public EngineSettings withErrorBackoff(Duration value) {
        return new EngineSettings(pollInterval, discoveryInterval, retryBackoffInitial, retryBackoffMax, value,
                sqsWaitTime, queueLagInterval, shutdownTimeout, clock);
    }

    public EngineSettings withSqsWaitTime(Duration value) {
        return new EngineSettings(pollInterval, discoveryInterval, retryBackoffInitial, retryBackoffMax, errorBackoff,
                value, queueLagInterval, shutdownTimeout, clock);
    }

    public EngineSettings withClock(Clock value) {
        return new EngineSettings(pollInterval, discoveryInterval, retryBackoffInitial, retryBackoffMax, errorBackoff,
                sqsWaitTime, queueLagInterval, shutdownTimeout, value);
    }

    /** The pause before retry number {@code retry} (1-based) of the same batch. */
    Duration retryBackoff(int retry) {
        long millis = retryBackoffInitial.toMillis();
        for (int i = 1; i < retry && millis < retryBackoffMax.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, retryBackoffMax.toMillis()));
    }
}
