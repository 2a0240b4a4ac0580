package dev.ddbstreams.local.mapping;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind one mapping's {@link MappingStatus}. */
final class MappingCounters {

    private static final System.Logger LOG = System.getLogger(MappingEngine.class.getName());
    /** The same error repeating (an emulator down, say) is logged at most this often. */
    private static final Duration REPEAT_LOG_INTERVAL = Duration.ofSeconds(30);

    final AtomicLong delivered = new AtomicLong();
    final AtomicLong failedBatches = new AtomicLong();
    final AtomicLong toDlq = new AtomicLong();
    final AtomicLong lag = new AtomicLong();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong filtered = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong iteratorResets = new AtomicLong();

    private final String name;
    private final String function;
    private volatile String source;
    private volatile String state = "STARTING";
    private volatile String lastError;
    private volatile BatchReport.Outcome lastOutcome;
    private String lastLoggedError;
    private Instant lastLoggedAt = Instant.EPOCH;

    MappingCounters(String name, String function, String source) {
        this.name = name;
        this.function = function;
        this.source = source;
    }

    void state(String value) {
        state = value;
    }

    void source(String value) {
        source = value;
    }

    /** Records an error in the status and logs it (repeats of the same message are logged sparingly). */
    void error(String context, Throwable error) {
        String message = context + ": " + describe(error);
        lastError = Instant.now() + " " + message;
        synchronized (this) {
            Instant now = Instant.now();
            if (!message.equals(lastLoggedError) || now.isAfter(lastLoggedAt.plus(REPEAT_LOG_INTERVAL))) {
                LOG.log(Level.WARNING, "mapping " + name + ": " + message);
                lastLoggedError = message;
                lastLoggedAt = now;
            }
        }
    }

    /** Records a condition that is not an exception (a disabled source, an invalid filter). */
    void problem(String message) {
        lastError = message;
    }

    /** Records how the latest batch ended (for {@link #lastProcessingResult()}). */
    void lastOutcome(BatchReport.Outcome outcome) {
        if (outcome != BatchReport.Outcome.GIVEN_UP) {
            lastOutcome = outcome; // giving up follows a failed call: the result stays that failure
        }
    }

    /**
     * {@code LastProcessingResult} as Lambda reports it for the mapping: {@code No records processed} before the
     * first invocation, {@code OK} after one that succeeded, {@code PROBLEM: Function call failed} after one that
     * failed.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_EventSourceMappingConfiguration.html">EventSourceMappingConfiguration</a>
     */
    String lastProcessingResult() {
        BatchReport.Outcome outcome = lastOutcome;
        if (outcome == null) {
            return "No records processed";
        }
        return outcome == BatchReport.Outcome.FAILED ? "PROBLEM: Function call failed" : "OK";
    }

    MappingStatus snapshot() {
        return new MappingStatus(name, function, source, state, delivered.get(), failedBatches.get(), toDlq.get(),
                Math.max(0, lag.get()), Math.max(0, inFlight.get()), lastError, filtered.get(), retries.get(),
                iteratorResets.get());
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
