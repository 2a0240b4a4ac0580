package dev.ddbstreams.local.lambda;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The end of one invocation's execution log ({@code START}, the function's lines, {@code END}, {@code REPORT}), what
 * Invoke returns base64-encoded in {@code X-Amz-Log-Result} when asked with {@code LogType: Tail}. Only the last
 * {@value #KEPT_BYTES} bytes are returned, so only the lines that reach back that far are kept: a chatty invocation
 * costs no more than that. Thread-safe (the function's output thread adds its lines, the invoking thread the rest).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html">Invoke (LogResult: the last 4 KB of the execution log)</a>
 */
final class InvocationLogTail {

    /** The control plane cuts the log to its last 4 KB; whole lines covering at least that much are kept. */
    static final int KEPT_BYTES = 4096;

    private final Deque<String> lines = new ArrayDeque<>();
    /** The UTF-8 size of each of {@link #lines} with its newline, in the same order. */
    private final Deque<Integer> sizes = new ArrayDeque<>();
    private long bytes;

    synchronized void add(String line) {
        int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
        lines.addLast(line);
        sizes.addLast(size);
        bytes += size;
        while (lines.size() > 1 && bytes - sizes.peekFirst() >= KEPT_BYTES) {
            lines.removeFirst();
            bytes -= sizes.removeFirst();
        }
    }

    /** The kept lines, each ended by a newline as in the log Lambda returns; empty when there were none. */
    synchronized String text() {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }
}
