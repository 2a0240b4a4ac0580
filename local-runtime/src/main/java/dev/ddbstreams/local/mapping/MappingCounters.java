package dev.ddbstreams.local.mapping;

import java.lang.System.Logger.Level;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
    /** AWS's refusal of the latest read (or on-failure send) for lack of a permission; {@code null} once one succeeds. */
    private volatile String accessDenied;
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
        String message;
        if (isAccessDenied(error) && error instanceof AwsServiceException aws) {
            // The error code and AWS's text ("User: ... is not authorized to perform: ..."), as a caller sees them.
            accessDenied = aws.awsErrorDetails().errorMessage();
            message = context + ": " + aws.awsErrorDetails().errorCode() + ": " + accessDenied;
        } else {
            message = context + ": " + describe(error);
        }
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

    /** A read from the source succeeded: a refusal reported before is over (its permission was given back). */
    void readSucceeded() {
        accessDenied = null;
    }

    /**
     * Whether AWS refused the call for lack of a permission of the execution role: {@code AccessDeniedException}
     * (DynamoDB Streams, Kinesis) or {@code AccessDenied} (SQS).
     */
    static boolean isAccessDenied(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    && ("AccessDeniedException".equals(aws.awsErrorDetails().errorCode())
                    || "AccessDenied".equals(aws.awsErrorDetails().errorCode()))) {
                return true;
            }
        }
        return false;
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
     * failed; while the execution role is refused reading the source (or sending an on-failure record),
     * {@code PROBLEM: <AWS's refusal>}.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_EventSourceMappingConfiguration.html">EventSourceMappingConfiguration</a>
     */
    String lastProcessingResult() {
        String denied = accessDenied;
        if (denied != null) {
            // AWS documents no text for a poller whose role lost a permission; ours names AWS's refusal.
            return "PROBLEM: " + denied;
        }
        BatchReport.Outcome outcome = lastOutcome;
        if (outcome == null) {
            return "No records processed";
        }
        return outcome == BatchReport.Outcome.FAILED ? "PROBLEM: Function call failed" : "OK";
    }

    MappingStatus snapshot() {
        String shown = accessDenied != null && ("POLLING".equals(state) || "BACKING_OFF".equals(state)) ? "ACCESS_DENIED" : state;
        return new MappingStatus(name, function, source, shown, delivered.get(), failedBatches.get(), toDlq.get(),
                Math.max(0, lag.get()), Math.max(0, inFlight.get()), lastError, filtered.get(), retries.get(),
                iteratorResets.get());
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
