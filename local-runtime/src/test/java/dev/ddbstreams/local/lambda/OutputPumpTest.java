package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutputPumpTest {

    private final List<String> forwarded = new CopyOnWriteArrayList<>();

    @Test
    void forwardsEachLine_taggedWithTheFunction_withoutLineEndings() {
        OutputPump pump = pump("START RequestId: 1\r\nhello\n\nlast line without newline");

        assertEquals(List.of("fn|START RequestId: 1", "fn|hello", "fn|", "fn|last line without newline"), forwarded);
        assertEquals("hello\n\nlast line without newline", pump.tail(3));
    }

    @Test
    void splitsAnOverlongLine_insteadOfBufferingItWithoutBound() {
        pump("x".repeat(65_536 * 2 + 10) + "\n");

        assertEquals(3, forwarded.size());
        assertEquals("fn|" + "x".repeat(10), forwarded.get(2));
    }

    @Test
    void keepsForwarding_whenTheListenerThrows() {
        List<String> seen = new CopyOnWriteArrayList<>();
        OutputPump pump = new OutputPump("fn", input("a\nb\n"), (function, line) -> {
            seen.add(line);
            throw new IllegalStateException("listener bug");
        });
        pump.awaitEnd(5, TimeUnit.SECONDS);

        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    void tail_keepsTheLastLines_only() {
        StringBuilder output = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            output.append("line ").append(i).append('\n');
        }
        OutputPump pump = pump(output.toString());

        assertEquals("line 99\nline 100", pump.tail(2));
        assertEquals(30, pump.tail(Integer.MAX_VALUE).lines().count());
    }

    private OutputPump pump(String output) {
        OutputPump pump = new OutputPump("fn", input(output), (function, line) -> forwarded.add(function + "|" + line));
        pump.awaitEnd(5, TimeUnit.SECONDS);
        return pump;
    }

    private static ByteArrayInputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
