package dev.ddbstreams.local.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Lambda's {@code REPORT} line, written to the function's log after every invocation:
 * {@code REPORT RequestId: <id>\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 90 MB}
 * and, on a cold start, {@code \tInit Duration: 456.78 ms}.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html">Sending Lambda function logs to CloudWatch Logs</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html">Log and monitor Java Lambda functions (the REPORT line's fields)</a>
 */
final class InvocationReport {

    private InvocationReport() {
    }

    /**
     * @param pid                the function process, whose peak resident memory is "Max Memory Used"; -1 if none
     * @param initDurationNanos  the environment's initialisation on a cold start, else -1
     */
    static String line(String requestId, long durationNanos, int memoryMb, long pid, long initDurationNanos) {
        double durationMs = durationNanos / 1_000_000.0;
        StringBuilder line = new StringBuilder("REPORT RequestId: ").append(requestId)
                .append("\tDuration: ").append(String.format(Locale.ROOT, "%.2f", durationMs)).append(" ms")
                // Billed in whole milliseconds, rounded up.
                .append("\tBilled Duration: ").append((long) Math.ceil(durationMs)).append(" ms")
                .append("\tMemory Size: ").append(memoryMb).append(" MB");
        long peakMb = peakResidentMb(pid);
        if (peakMb >= 0) {
            line.append("\tMax Memory Used: ").append(peakMb).append(" MB");
        }
        if (initDurationNanos >= 0) {
            line.append("\tInit Duration: ").append(String.format(Locale.ROOT, "%.2f", initDurationNanos / 1_000_000.0))
                    .append(" ms");
        }
        return line.toString();
    }

    /** The process's peak resident set ({@code VmHWM} in {@code /proc/<pid>/status}, Linux), in MB; -1 if unknown. */
    static long peakResidentMb(long pid) {
        if (pid < 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Math.max(1, Long.parseLong(parts[0]) / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or the process is gone.
        }
        return -1;
    }
}
