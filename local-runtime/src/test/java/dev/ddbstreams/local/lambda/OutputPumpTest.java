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
    void awaitDrained_returnsOnceEveryLineWrittenBeforeItWasForwarded_whileTheProcessRuns() throws Exception {
        // As a function does: writes its lines to stdout, then answers elsewhere (here: "done" on stderr) and stays up.
        Process process = new ProcessBuilder("sh", "-c", "while read round; do i=0; while [ $i -lt 200 ]; do "
                + "echo \"$round line $i\"; i=$((i+1)); done; echo done >&2; done").start();
        try {
            List<String> seen = new CopyOnWriteArrayList<>();
            OutputPump pump = new OutputPump("fn", process.getInputStream(), () -> !process.isAlive(), (function, line) -> {
                try {
                    Thread.sleep(1); // a listener slower than the writer: lines are still in the pipe when asked
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add(line);
            });
            java.io.BufferedReader answers = new java.io.BufferedReader(
                    new java.io.InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            for (int round = 1; round <= 3; round++) {
                process.getOutputStream().write((round + "\n").getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().flush();
                assertEquals("done", answers.readLine());
                pump.awaitDrained(10, TimeUnit.SECONDS);

                assertEquals(200 * round, seen.size(), "lines forwarded when awaitDrained returned in round " + round);
                assertEquals(round + " line 199", seen.get(seen.size() - 1));
            }
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void splitsAnOverlongLine_betweenCharacters_neverInsideOne() {
        pump("\u00e9".repeat(40_000) + "\n"); // 80,000 bytes, two per character

        assertEquals(2, forwarded.size());
        assertEquals("fn|" + "\u00e9".repeat(32_768), forwarded.get(0));
        assertEquals("fn|" + "\u00e9".repeat(40_000 - 32_768), forwarded.get(1));
    }

    @Test
    void keepsForwarding_whenTheListenerThrows() {
        List<String> seen = new CopyOnWriteArrayList<>();
        OutputPump pump = new OutputPump("fn", input("a\nb\n"), () -> true, (function, line) -> {
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
        OutputPump pump = new OutputPump("fn", input(output), () -> true, (function, line) -> forwarded.add(function + "|" + line));
        pump.awaitEnd(5, TimeUnit.SECONDS);
        return pump;
    }

    private static ByteArrayInputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
