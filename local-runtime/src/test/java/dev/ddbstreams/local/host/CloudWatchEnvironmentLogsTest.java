package dev.ddbstreams.local.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ddbstreams.endpoint.logs.LambdaLogs;
import dev.ddbstreams.endpoint.logs.LogEvent;
import dev.ddbstreams.endpoint.logs.LogsService;
import dev.ddbstreams.local.lambda.EnvironmentLogs.EnvironmentLog;
import dev.ddbstreams.local.lambda.LocalFunction;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Function output batched into the Logs service: nothing lost, order kept, within PutLogEvents' limits. */
class CloudWatchEnvironmentLogsTest {

    private static final LocalFunction FUNCTION = new LocalFunction("word-count", "H", Path.of("fn.jar"), 256,
            Duration.ofSeconds(3), Map.of(), 1);

    private final LogsService service = new LogsService("us-east-1", "000000000000", Clock.systemUTC(), Optional.empty());
    private final CloudWatchEnvironmentLogs logs = new CloudWatchEnvironmentLogs(new LambdaLogs(service, Clock.systemUTC()));

    @AfterEach
    void close() {
        logs.close();
        service.close();
    }

    @Test
    void linesReachTheFunctionsLogGroup_inAStreamNamedAsLambdaNamesIt_withinAFlushInterval() {
        EnvironmentLog log = logs.open(FUNCTION);
        log.append("START RequestId: 1 Version: $LATEST");
        log.append("hello");

        assertTrue(log.streamName().matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST\\][0-9a-f]{32}"), log.streamName());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (messages(log).size() < 2) {
            if (System.nanoTime() > deadline) {
                fail("lines not written within 5 s");
            }
            sleep(20);
        }
        assertEquals(List.of("START RequestId: 1 Version: $LATEST", "hello"), messages(log));
    }

    @Test
    void manyLines_andLinesBeyondOnePutLogEventsBatch_areAllWritten_inOrder_byClose() {
        EnvironmentLog log = logs.open(FUNCTION);
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 250).forEach(i -> expected.add("line " + i));
        String big = "x".repeat(60_000);
        IntStream.range(0, 30).forEach(i -> expected.add(i + big));
        expected.forEach(log::append);

        log.close();
        log.append("END RequestId: 1"); // after its environment ended: written at once

        List<String> written = messages(log);
        expected.add("END RequestId: 1");
        assertEquals(expected.size(), written.size());
        assertEquals(expected, written);
        assertEquals(0, logs.buffered());
    }

    private List<String> messages(EnvironmentLog log) {
        try {
            return service.getLogEvents(LambdaLogs.groupName("word-count"), log.streamName(), null, null, null, 10_000,
                    true).events().stream().map(LogEvent::message).toList();
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
