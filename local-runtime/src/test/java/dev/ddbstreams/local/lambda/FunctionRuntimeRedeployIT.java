package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.lambda.EnvironmentLogs.EnvironmentLog;
import dev.ddbstreams.local.lambda.Invocation.Outcome;
import dev.ddbstreams.local.lambda.fixtures.VersionHandler;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Functions deployed, replaced and removed while the runtime runs (what the Lambda control plane asks of it), and
 * each execution environment's log with Lambda's START, END and REPORT lines. Real function JVMs.
 */
class FunctionRuntimeRedeployIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = VersionHandler.class.getName();

    private final List<RecordedLog> logs = new CopyOnWriteArrayList<>();
    private FunctionRuntime runtime;

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aFunctionDeployedWhileRunning_isInvocable_andRemovingItStopsItsProcess() throws Exception {
        runtime = builder().build();
        assertThrows(IllegalArgumentException.class, () -> runtime.invoke("late", "{}", "test"));

        runtime.deploy(function("late", "v1"));
        Invocation first = runtime.invoke("late", "{}", "test");

        assertEquals("v1", response(first).get("version").asText());
        ProcessHandle process = runtime.processes("late").get(0);

        assertTrue(runtime.remove("late"));

        assertThrows(IllegalArgumentException.class, () -> runtime.invoke("late", "{}", "test"));
        assertTrue(process.onExit().get(10, TimeUnit.SECONDS) != null && !process.isAlive(),
                "the removed function's process stops");
        assertFalse(runtime.functionNames().contains("late"));
        assertFalse(runtime.remove("late"));
    }

    @Test
    void replacingAFunction_letsTheRunningInvocationFinish_thenTheNextRunsTheNewDefinition() throws Exception {
        runtime = builder().function(function("fn", "v1")).build();
        long oldPid = response(runtime.invoke("fn", "{}", "test")).get("pid").asLong();
        CompletableFuture<Invocation> running = CompletableFuture.supplyAsync(
                () -> runtime.invoke("fn", "{\"sleepMillis\":1500}", "test"));
        while (!"BUSY".equals(runtime.status("fn").state())) {
            Thread.sleep(10);
        }

        runtime.deploy(function("fn", "v2"));
        Invocation next = runtime.invoke("fn", "{}", "test");
        Invocation finished = running.get(30, TimeUnit.SECONDS);

        assertEquals(Outcome.SUCCESS, finished.outcome(), finished.toString());
        assertEquals("v1", response(finished).get("version").asText(), "the running invocation finished on v1");
        assertEquals(oldPid, response(finished).get("pid").asLong());
        JsonNode nextResponse = response(next);
        assertEquals("v2", nextResponse.get("version").asText());
        assertNotEquals(oldPid, nextResponse.get("pid").asLong());
        assertTrue(next.coldStart());
        ProcessHandle old = ProcessHandle.of(oldPid).orElse(null);
        if (old != null) {
            old.onExit().get(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of(nextResponse.get("pid").asLong()),
                runtime.processes("fn").stream().map(ProcessHandle::pid).toList(), "only the new definition runs");
        assertEquals(3, runtime.status("fn").invocations(), "the counters carry on across definitions");
    }

    /** What an invocation by the function's name gives as its invoked function ARN: the unqualified ARN. */
    private static final String LOGGED_ARN = "arn:aws:lambda:us-east-1:000000000000:function:logged";

    @Test
    void eachExecutionEnvironment_logsItsOutput_betweenLambdasStartEndAndReportLines() throws Exception {
        runtime = builder().function(function("logged", "v1")).build();

        Invocation first = runtime.invoke("logged", "{}", "test");
        Invocation second = runtime.invoke("logged", "{}", "test");
        runtime.deploy(function("logged", "v2"));
        Invocation third = runtime.invoke("logged", "{}", "test");
        runtime.close();

        assertEquals(2, logs.size(), "one log per execution environment: " + logs);
        RecordedLog log = logs.get(0);
        assertEquals(log.streamName, response(first).get("logStream").asText());
        assertEquals("/aws/lambda/logged", response(first).get("logGroup").asText());
        assertTrue(log.closed, "the log is closed when its environment ends");
        List<String> lines = log.lines;
        int start = lines.indexOf("START RequestId: " + first.requestId() + " Version: $LATEST");
        // VersionHandler prints "version <v> handled <request id> as <invoked function ARN>".
        int output = lines.indexOf("version v1 handled " + first.requestId() + " as " + LOGGED_ARN);
        int end = lines.indexOf("END RequestId: " + first.requestId());
        assertTrue(start >= 0 && output > start && end > output, lines.toString());
        String report = lines.get(end + 1);
        assertTrue(report.matches("REPORT RequestId: " + first.requestId() + "\\tDuration: \\d+\\.\\d{2} ms"
                + "\\tBilled Duration: \\d+ ms\\tMemory Size: 256 MB(\\tMax Memory Used: \\d+ MB)?"
                + "\\tInit Duration: \\d+\\.\\d{2} ms"), report);
        String secondReport = lines.get(lines.indexOf("END RequestId: " + second.requestId()) + 1);
        assertFalse(secondReport.contains("Init Duration"), "a warm invocation has no init duration: " + secondReport);
        assertTrue(logs.get(1).lines.contains("version v2 handled " + third.requestId() + " as " + LOGGED_ARN),
                logs.get(1).lines.toString());
        assertNotEquals(log.streamName, logs.get(1).streamName);
    }

    private FunctionRuntime.Builder builder() throws URISyntaxException {
        return FunctionRuntime.builder()
                .runtimeLibraries(Path.of(System.getProperty("lambda.runtime.dir", "target/lambda-runtime")))
                .extraClassPath(codeSource("software.amazon.awssdk.utilslite.SdkInternalThreadLocal"))
                .initRetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                .environmentLogs(function -> {
                    RecordedLog log = new RecordedLog("2026/12/06/[$LATEST]" + logs.size());
                    logs.add(log);
                    return log;
                })
                .outputListener((function, line) -> System.out.println("[" + function + "] " + line));
    }

    private static LocalFunction function(String name, String version) throws URISyntaxException {
        return new LocalFunction(name, HANDLER, codeSource(HANDLER), 256, Duration.ofSeconds(10),
                Map.of("VERSION", version), 1);
    }

    private static JsonNode response(Invocation invocation) throws IOException {
        assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.toString());
        return JSON.readTree(invocation.responseJson());
    }

    private static Path codeSource(String className) throws URISyntaxException {
        try {
            return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the test class path", e);
        }
    }

    private static final class RecordedLog implements EnvironmentLog {
        final String streamName;
        final List<String> lines = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        RecordedLog(String streamName) {
            this.streamName = streamName;
        }

        @Override
        public String streamName() {
            return streamName;
        }

        @Override
        public void append(String line) {
            lines.add(line);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String toString() {
            return streamName + lines;
        }
    }
}
