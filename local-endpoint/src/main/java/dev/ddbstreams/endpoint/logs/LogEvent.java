package dev.ddbstreams.endpoint.logs;

/**
 * One stored log event. {@code sequence} orders events across the whole service and makes AWS's 56-digit event ids.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_OutputLogEvent.html">OutputLogEvent</a>
 */
public record LogEvent(long timestamp, long ingestionTime, String message, long sequence) {

    /** A 56-digit event id, as AWS writes them. */
    public String eventId() {
        return String.format("%056d", sequence);
    }
}
