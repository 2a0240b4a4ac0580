package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The execution log kept for {@code LogType: Tail}: whole lines, enough for the last 4 KB, no more. */
class InvocationLogTailTest {

    @Test
    void aShortLog_isKeptWhole_eachLineEndedByANewline() {
        InvocationLogTail tail = new InvocationLogTail();
        tail.add("START RequestId: 1 Version: $LATEST");
        tail.add("héllo");
        tail.add("END RequestId: 1");

        assertEquals("START RequestId: 1 Version: $LATEST\nhéllo\nEND RequestId: 1\n", tail.text());
    }

    @Test
    void aChattyLog_keepsOnlyTheLinesReachingBack4Kb() {
        InvocationLogTail tail = new InvocationLogTail();
        tail.add("START RequestId: 1 Version: $LATEST");
        IntStream.range(0, 1000).forEach(i -> tail.add("line " + i + " " + "x".repeat(90)));
        tail.add("END RequestId: 1");

        String text = tail.text();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes >= InvocationLogTail.KEPT_BYTES, "at least 4 KB: " + bytes);
        assertTrue(bytes < InvocationLogTail.KEPT_BYTES + 100, "one line more at most: " + bytes);
        assertTrue(text.endsWith("line 999 " + "x".repeat(90) + "\nEND RequestId: 1\n"), text);
        assertTrue(!text.contains("START"), "the beginning is dropped");
    }

    @Test
    void oneLineLongerThan4Kb_isKept() {
        InvocationLogTail tail = new InvocationLogTail();
        tail.add("y".repeat(10_000));

        assertEquals(10_001, tail.text().length());
    }

    @Test
    void nothingAdded_isEmpty() {
        assertEquals("", new InvocationLogTail().text());
    }
}
