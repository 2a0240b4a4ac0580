package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.lambda.Invocation.Outcome;
import dev.ddbstreams.local.lambda.fixtures.EchoHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real function JVMs through the Runtime Interface Client: tiny handlers from
 * {@code dev.ddbstreams.local.lambda.fixtures}, run from this module's test classes.
 */
class FunctionRuntimeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIXTURES = "dev.ddbstreams.local.lambda.fixtures.";

    @TempDir
    static Path temp;

    private static Path readyMarker;
    private static FunctionRuntime runtime;
    private static final List<String> output = new CopyOnWriteArrayList<>();
    private static final List<String> invocations = new CopyOnWriteArrayList<>();
    private static final Set<Long> pidsSeen = ConcurrentHashMap.newKeySet();
    /** Each function's execution environment logs, every line of each, in the order written. */
    private static final Map<String, List<String>> environmentLogs = new ConcurrentHashMap<>();

    @BeforeAll
    static void startRuntime() throws Exception {
        readyMarker = temp.resolve("dependency-ready");
        runtime = builder()
                .function(function("echo", "EchoHandler::handleRequest", Map.of("GREETING", "hello")))
                .function(function("environment", "EnvironmentHandler", Map.of("NOTES_TABLE", "notes",
                        "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000")))
                .function(function("throws", "ThrowingHandler", Map.of()))
                .function(function("sleeps", "SleepingHandler", Map.of()))
                .function(function("exits", "ExitingHandler", Map.of()))
                .function(function("static-init-fails", "StaticInitFailureHandler", Map.of()))
                .function(function("static-init-logged", "StaticInitFailureHandler", Map.of()))
                .function(function("static-init-exits", "StaticInitExitHandler", Map.of()))
                .function(function("waits-for-dependency", "MarkerFileHandler",
                        Map.of("REQUIRED_SETTING", "v1", "READY_MARKER", readyMarker.toString())))
                .function(function("missing-setting", "MarkerFileHandler", Map.of()))
                .function(function("missing-class", "DoesNotExist::handleRequest", Map.of()))
                .function(new LocalFunction("missing-jar", FIXTURES + "EchoHandler",
                        temp.resolve("nope/target/nope.jar"), 256, Duration.ofSeconds(2), Map.of(), 1))
                .function(function("pooled", "SleepingHandler", Map.of()).withMaxInstances(2))
                .function(function("large", "EchoHandler", Map.of()))
                .function(logging("logs-json", FunctionLogging.of("JSON", "INFO", "INFO")))
                .function(logging("logs-json-warn", FunctionLogging.of("JSON", "INFO", "WARN")))
                .function(logging("logs-text", FunctionLogging.TEXT))
                .build();
    }

    @AfterAll
    static void closeRuntime_leavesNoProcessBehind() {
        runtime.close();

        assertNoProcessLeft();
    }

    @Test
    void success_roundTripsThePayload_withLambdasInvocationContext() throws IOException {
        Invocation invocation = runtime.invoke("echo", "{\"orderId\":7,\"items\":[\"a\",\"b\"]}", "test-source");

        assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.toString());
        JsonNode response = JSON.readTree(invocation.responseJson());
        assertEquals(JSON.readTree("{\"orderId\":7,\"items\":[\"a\",\"b\"]}"), response.get("input"));
        assertEquals(invocation.requestId(), response.get("requestId").asText());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:echo", response.get("functionArn").asText());
        assertEquals(runtime.functionArn("echo"), response.get("functionArn").asText());
        assertEquals("echo", response.get("functionName").asText());
        assertEquals(256, response.get("memoryLimitInMB").asInt());
        long remaining = response.get("remainingTimeInMillis").asLong();
        assertTrue(remaining > 0 && remaining <= 2_000, "remaining " + remaining);
        assertTrue(response.get("traceHeader").asText().endsWith(";Sampled=0"), response.toString());
        assertTrue(invocations.contains("echo|test-source|SUCCESS"), invocations.toString());
        assertTrue(output.stream().anyMatch(line -> line.equals("echo|echo handling " + invocation.requestId())),
                "the function's output reaches the listener, tagged with its name");
    }

    @Test
    void secondInvocation_reusesTheWarmProcess() throws IOException {
        int coldStartsBefore = runtime.status("echo").coldStarts();
        Invocation first = runtime.invoke("echo", "{}", "test");
        Invocation second = runtime.invoke("echo", "{}", "test");

        assertEquals(pid(first), pid(second));
        assertFalse(second.coldStart());
        assertTrue(runtime.status("echo").coldStarts() <= Math.max(1, coldStartsBefore));
        assertEquals("READY", runtime.status("echo").state());
    }

    @Test
    void function_seesLambdasEnvironmentAndItsOwn_inAnEmptyWorkingDirectory() throws IOException {
        Invocation invocation = runtime.invoke("environment", "{}", "test");

        assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.toString());
        JsonNode response = JSON.readTree(invocation.responseJson());
        JsonNode environment = response.get("environment");
        assertEquals("notes", environment.get("NOTES_TABLE").asText());
        assertEquals("http://127.0.0.1:8000", environment.get("AWS_ENDPOINT_URL_DYNAMODB").asText());
        assertEquals("environment", environment.get("AWS_LAMBDA_FUNCTION_NAME").asText());
        assertEquals(FIXTURES + "EnvironmentHandler", environment.get("_HANDLER").asText());
        assertEquals("us-east-1", environment.get("AWS_REGION").asText());
        assertEquals("AWS_Lambda_java21", environment.get("AWS_EXECUTION_ENV").asText());
        assertEquals("local", environment.get("AWS_ACCESS_KEY_ID").asText());
        Set<String> unexpected = new TreeSet<>();
        environment.fieldNames().forEachRemaining(unexpected::add);
        unexpected.removeAll(Set.of("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "USER", "TZ",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_XRAY_CONTEXT_MISSING",
                "AWS_LAMBDA_RUNTIME_API", "_HANDLER", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
                "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV",
                "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "NOTES_TABLE", "AWS_ENDPOINT_URL_DYNAMODB"));
        assertEquals(Set.of(), unexpected, "nothing else of the parent's environment is inherited");
        assertEquals(0, response.get("workingDirectoryFiles").asInt());
        assertNotEquals(Path.of("").toAbsolutePath().toString(), response.get("workingDirectory").asText());
        assertTrue(response.get("maxHeapMb").asLong() <= 256 * 85 / 100, response.toString());
    }

    /**
     * {@code LogFormat: JSON}: the runtime gets {@code AWS_LAMBDA_LOG_FORMAT=JSON} and the application log level as
     * {@code AWS_LAMBDA_LOG_LEVEL}, so the Runtime Interface Client writes {@code LambdaLogger} lines as JSON and
     * drops those below the level ({@code System.out} lines stay as written); the platform lines are Telemetry API
     * records: {@code platform.start} and {@code platform.report} at {@code SystemLogLevel: INFO}, not the
     * {@code DEBUG} {@code platform.runtimeDone}.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html">Configuring advanced logging controls for Lambda functions</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html">Log and monitor Java Lambda functions</a>
     */
    @Test
    void jsonLogFormat_reachesTheRuntime_andThePlatformLinesAreJsonRecords() throws IOException {
        Invocation invocation = runtime.invoke("logs-json", "{}", "test");

        assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.toString());
        JsonNode response = JSON.readTree(invocation.responseJson());
        assertEquals("JSON", response.get("logFormat").asText());
        assertEquals("INFO", response.get("logLevel").asText());
        List<String> lines = invocation.logTail().lines().toList();
        String requestId = invocation.requestId();
        JsonNode start = JSON.readTree(lines.get(0));
        assertEquals("platform.start", start.get("type").asText(), lines.toString());
        assertEquals(requestId, start.get("record").get("requestId").asText());
        assertEquals("$LATEST", start.get("record").get("version").asText());
        assertTrue(start.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), start.toString());
        JsonNode report = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("platform.report", report.get("type").asText(), lines.toString());
        assertEquals(requestId, report.get("record").get("requestId").asText());
        assertEquals("success", report.get("record").get("status").asText());
        JsonNode metrics = report.get("record").get("metrics");
        assertEquals(256, metrics.get("memorySizeMB").asInt());
        assertTrue(metrics.get("durationMs").isNumber() && metrics.get("billedDurationMs").isNumber(), metrics.toString());
        assertTrue(metrics.has("initDurationMs"), "a cold start reports its init duration: " + metrics);
        assertTrue(lines.stream().noneMatch(line -> line.contains("platform.runtimeDone") || line.startsWith("START")
                || line.startsWith("END") || line.startsWith("REPORT")), lines.toString());
        JsonNode warn = JSON.readTree(lines.stream().filter(line -> line.contains("level-warn")).findFirst().orElseThrow());
        assertEquals("WARN", warn.get("level").asText(), warn.toString());
        assertEquals(requestId, warn.get("AWSRequestId").asText(), warn.toString());
        assertTrue(lines.stream().noneMatch(line -> line.contains("level-debug")), "DEBUG is below INFO: " + lines);
        assertTrue(lines.contains("stdout " + requestId), lines.toString());
        assertEquals(lines, environmentLogs.get("logs-json"), "the environment's log has the same lines");
    }

    /** {@code SystemLogLevel: WARN}: a successful invocation's platform records (INFO, DEBUG) are all left out. */
    @Test
    void systemLogLevelWarn_leavesOutTheRecordsOfASuccessfulInvocation() {
        Invocation invocation = runtime.invoke("logs-json-warn", "{}", "test");

        assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.toString());
        List<String> lines = invocation.logTail().lines().toList();
        assertTrue(lines.stream().noneMatch(line -> line.contains("\"type\":\"platform.")), lines.toString());
        assertTrue(lines.contains("stdout " + invocation.requestId()), lines.toString());
    }

    /** {@code LogFormat: Text}: no log format or level reaches the runtime; the platform lines stay text. */
    @Test
    void textLogFormat_setsNoLogVariables_andKeepsTheTextLines() throws IOException {
        Invocation invocation = runtime.invoke("logs-text", "{}", "test");

        assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.toString());
        JsonNode response = JSON.readTree(invocation.responseJson());
        assertEquals("null", response.get("logFormat").asText());
        assertEquals("null", response.get("logLevel").asText());
        List<String> lines = invocation.logTail().lines().toList();
        assertEquals("START RequestId: " + invocation.requestId() + " Version: $LATEST", lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("REPORT RequestId: " + invocation.requestId() + "\t"), lines.toString());
        assertTrue(lines.contains("END RequestId: " + invocation.requestId()), lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.contains("level-debug")), "no filtering in Text: " + lines);
    }

    @Test
    void handlerException_isAFunctionError_withItsTypeAndMessage_andTheProcessStaysWarm() throws IOException {
        Invocation failed = runtime.invoke("throws", "{\"orderId\":7}", "test");
        Invocation again = runtime.invoke("throws", "{\"orderId\":8}", "test");

        assertEquals(Outcome.FUNCTION_ERROR, failed.outcome());
        assertEquals(FIXTURES + "ThrowingHandler$OrderRejectedException", failed.errorType());
        assertEquals("order 7 rejected", failed.errorMessage());
        assertNull(failed.responseJson());
        assertFalse(again.coldStart());
        assertEquals("order 8 rejected", again.errorMessage());
        FunctionStatus status = runtime.status("throws");
        assertEquals(2, status.errors());
        assertEquals(1, status.coldStarts());
    }

    @Test
    void timeout_killsTheProcess_andTheNextInvocationStartsAFreshOne() {
        Invocation warmUp = runtime.invoke("sleeps", "{\"sleepMillis\":0}", "test");
        ProcessHandle first = onlyProcessOf("sleeps");

        Invocation timedOut = runtime.invoke("sleeps", "{\"sleepMillis\":60000}", "test");

        assertEquals(Outcome.SUCCESS, warmUp.outcome(), warmUp.toString());
        assertEquals(Outcome.TIMEOUT, timedOut.outcome());
        assertEquals("Sandbox.Timedout", timedOut.errorType());
        assertEquals("RequestId: " + timedOut.requestId() + " Error: Task timed out after 2.00 seconds",
                timedOut.errorMessage());
        assertFalse(first.isAlive(), "the timed-out process is killed");
        // Lambda ends a timed-out invocation's REPORT with Status: timeout and no error type (recorded CloudWatch logs).
        assertTrue(reportLine(timedOut).endsWith(" MB\tStatus: timeout"), reportLine(timedOut));
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            // Max Memory Used is read from /proc (Linux): a timed-out invocation's, like AWS's, has it too.
            assertTrue(reportLine(timedOut).matches(".*\tMax Memory Used: \\d+ MB\tStatus: timeout"), reportLine(timedOut));
        }
        assertFalse(reportLine(warmUp).contains("Status:"), "an invocation that ran has no status: " + reportLine(warmUp));

        Invocation recovered = runtime.invoke("sleeps", "{\"sleepMillis\":0}", "test");

        assertEquals(Outcome.SUCCESS, recovered.outcome(), recovered.toString());
        assertTrue(recovered.coldStart());
        FunctionStatus status = runtime.status("sleeps");
        assertEquals(1, status.timeouts());
        assertEquals(1, status.restarts());
        assertEquals(2, status.coldStarts());
        assertTrue(status.lastError().contains("Task timed out"), status.lastError());
    }

    @Test
    void processExitingMidInvocation_isReported_andRestartedOnNextUse() {
        Invocation crashed = runtime.invoke("exits", "{\"exit\":true}", "test");

        assertEquals(Outcome.PROCESS_EXITED, crashed.outcome());
        assertEquals("Runtime.ExitError", crashed.errorType());
        assertTrue(crashed.errorMessage().contains("Runtime exited with error: exit status 3"), crashed.errorMessage());
        assertTrue(crashed.errorMessage().contains("about to exit with status 3"), "carries the last output");
        // A runtime that exits during an invocation: REPORT ends Status: error, Error Type: Runtime.ExitError, after
        // a cold start's Init Duration (recorded CloudWatch logs of a Java function).
        assertTrue(reportLine(crashed).matches("REPORT RequestId: " + crashed.requestId() + "\t.*"
                + "(\tInit Duration: \\d+\\.\\d{2} ms)?\tStatus: error\tError Type: Runtime\\.ExitError"),
                reportLine(crashed));

        Invocation restarted = runtime.invoke("exits", "{}", "test");

        assertEquals(Outcome.SUCCESS, restarted.outcome(), restarted.toString());
        assertEquals("\"alive\"", restarted.responseJson());
        assertTrue(restarted.coldStart());
        assertEquals(1, runtime.status("exits").restarts());
    }

    @Test
    void staticInitialiserFailure_isAnInitError_withItsCause_andIsTriedAgain() {
        Invocation first = runtime.invoke("static-init-fails", "{}", "test");

        assertEquals(Outcome.INIT_ERROR, first.outcome());
        assertTrue(first.errorMessage().contains("static configuration is broken"), first.errorMessage());
        FunctionStatus failed = runtime.status("static-init-fails");
        assertEquals("FAILED", failed.state());
        assertTrue(failed.lastError().contains("static configuration is broken"), failed.lastError());

        Invocation second = runtime.invoke("static-init-fails", "{}", "test");

        assertEquals(Outcome.INIT_ERROR, second.outcome());
        assertEquals(2, runtime.status("static-init-fails").coldStarts(), "each invocation tries to start it again");
    }

    /**
     * What AWS logs for an init failure: the function's output, {@code INIT_REPORT ... Status: error Error Type: ...},
     * then the failed invocation's {@code START}, {@code END} and {@code REPORT ... Status: error Error Type: ...}
     * (the Java Runtime Interface Client reports a handler it cannot load as {@code Runtime.BadFunctionCode}).
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html">Understanding the Lambda execution environment lifecycle (failures during the Init phase)</a>
     */
    @Test
    void initError_logsInitReport_thenTheInvocationsStartEndAndReport_withStatusError() {
        Invocation invocation = runtime.invoke("static-init-logged", "{}", "test");

        assertEquals(Outcome.INIT_ERROR, invocation.outcome());
        assertInitFailureLines(invocation, invocation.logTail().lines().toList(), "static configuration is broken",
                "Runtime.BadFunctionCode");
        assertInitFailureLines(invocation, environmentLogs.get("static-init-logged"), "static configuration is broken",
                "Runtime.BadFunctionCode");
    }

    @Test
    void exitDuringInit_logsInitReport_andAReport_withRuntimeExitError() {
        Invocation invocation = runtime.invoke("static-init-exits", "{}", "test");

        assertEquals(Outcome.INIT_ERROR, invocation.outcome());
        assertEquals("Runtime.ExitError", invocation.errorType());
        assertInitFailureLines(invocation, invocation.logTail().lines().toList(), "giving up during init",
                "Runtime.ExitError");
        assertInitFailureLines(invocation, environmentLogs.get("static-init-exits"), "giving up during init",
                "Runtime.ExitError");
    }

    /**
     * An init that runs out of time: {@code INIT_REPORT ... Status: timeout}, without an error type (the example of
     * AWS's lifecycle page), and the invocation's REPORT with {@code Runtime.Unknown}, the type the Runtime Interface
     * Emulator gives an init timeout.
     */
    @Test
    void initTimeout_logsInitReportWithStatusTimeout_andAReport_withRuntimeUnknown() throws Exception {
        try (FunctionRuntime own = builder().initTimeout(Duration.ofSeconds(2))
                .function(function("slow-init", "StaticInitSleepHandler", Map.of()))
                .build()) {
            Invocation invocation = own.invoke("slow-init", "{}", "test");

            assertEquals(Outcome.INIT_ERROR, invocation.outcome());
            String id = invocation.requestId();
            for (List<String> log : List.of(invocation.logTail().lines().toList(), environmentLogs.get("slow-init"))) {
                assertTrue(log.size() >= 4, log.toString());
                List<String> platform = log.subList(log.size() - 4, log.size());
                assertTrue(platform.get(0).matches("INIT_REPORT Init Duration: \\d+\\.\\d{2} ms\tPhase: init"
                        + "\tStatus: timeout"), platform.get(0));
                assertEquals("START RequestId: " + id + " Version: $LATEST", platform.get(1));
                assertEquals("END RequestId: " + id, platform.get(2));
                assertTrue(platform.get(3).startsWith("REPORT RequestId: " + id + "\tDuration: "), platform.get(3));
                assertTrue(platform.get(3).endsWith("\tStatus: error\tError Type: Runtime.Unknown"), platform.get(3));
            }
        }
    }

    /** The last line of an invocation's execution log: its REPORT line. */
    private static String reportLine(Invocation invocation) {
        List<String> lines = invocation.logTail().lines().toList();
        assertFalse(lines.isEmpty(), "no execution log: " + invocation);
        return lines.get(lines.size() - 1);
    }

    /** The function's output line {@code output} first, then exactly the four platform lines, tabs as in AWS's. */
    private static void assertInitFailureLines(Invocation invocation, List<String> lines, String output,
            String errorType) {
        assertTrue(lines != null && lines.size() > 4, String.valueOf(lines));
        String id = invocation.requestId();
        List<String> platform = lines.subList(lines.size() - 4, lines.size());
        assertTrue(lines.subList(0, lines.size() - 4).stream().anyMatch(line -> line.contains(output)),
                "the initialisation's output comes first: " + lines);
        assertTrue(platform.get(0).matches("INIT_REPORT Init Duration: \\d+\\.\\d{2} ms\tPhase: init\tStatus: error"
                + "\tError Type: " + Pattern.quote(errorType)), platform.get(0));
        assertEquals("START RequestId: " + id + " Version: $LATEST", platform.get(1));
        assertEquals("END RequestId: " + id, platform.get(2));
        assertTrue(platform.get(3).matches("REPORT RequestId: " + id + "\tDuration: \\d+\\.\\d{2} ms"
                + "\tBilled Duration: \\d+ ms\tMemory Size: 256 MB(\tMax Memory Used: \\d+ MB)?"
                + "\tStatus: error\tError Type: " + Pattern.quote(errorType)), platform.get(3));
    }

    @Test
    void constructorFailure_isAnInitError_andALaterInvocationSucceedsOnceTheCauseIsFixed() throws IOException {
        Invocation notReady = runtime.invoke("waits-for-dependency", "{}", "test");

        assertEquals(Outcome.INIT_ERROR, notReady.outcome());
        assertEquals("java.lang.IllegalStateException", notReady.errorType());
        assertTrue(notReady.errorMessage().startsWith("dependency not ready"), notReady.errorMessage());

        Files.writeString(readyMarker, "ready");
        Invocation ready = runtime.invoke("waits-for-dependency", "{}", "test");

        assertEquals(Outcome.SUCCESS, ready.outcome(), ready.toString());
        assertEquals("\"ready with v1\"", ready.responseJson());
        FunctionStatus status = runtime.status("waits-for-dependency");
        assertEquals("READY", status.state());
        assertEquals(2, status.coldStarts());
        assertEquals(1, status.restarts());
    }

    @Test
    void missingEnvironmentVariable_isAnInitError_namingIt() {
        Invocation invocation = runtime.invoke("missing-setting", "{}", "test");

        assertEquals(Outcome.INIT_ERROR, invocation.outcome());
        assertTrue(invocation.errorMessage().contains("REQUIRED_SETTING is not set"), invocation.errorMessage());
    }

    @Test
    void missingHandlerClass_isAnInitError() {
        Invocation invocation = runtime.invoke("missing-class", "{}", "test");

        assertEquals(Outcome.INIT_ERROR, invocation.outcome());
        assertTrue(invocation.errorMessage().contains("Class not found: " + FIXTURES + "DoesNotExist"),
                invocation.errorMessage());
        assertEquals("FAILED", runtime.status("missing-class").state());
    }

    @Test
    void missingJar_isAnInitError_sayingWhichJarAndHowToBuildIt() {
        Invocation invocation = runtime.invoke("missing-jar", "{}", "test");

        assertEquals(Outcome.INIT_ERROR, invocation.outcome());
        assertTrue(invocation.errorMessage().contains("nope/target/nope.jar"), invocation.errorMessage());
        assertTrue(invocation.errorMessage().contains("make build"), invocation.errorMessage());
        assertFalse(invocation.coldStart());
        assertEquals(0, runtime.status("missing-jar").coldStarts());
    }

    @Test
    void largePayloads_roundTrip_andAResponseOverSixMegabytes_failsThatInvocationOnly() throws IOException {
        String data = "x".repeat(3_000_000);
        Invocation large = runtime.invoke("large", "{\"data\":\"" + data + "\"}", "test");
        Invocation oversized = runtime.invoke("large", "{\"paddingChars\":7000000}", "test");
        Invocation next = runtime.invoke("large", "{}", "test");

        assertEquals(data, JSON.readTree(large.responseJson()).at("/input/data").asText());
        assertEquals(Outcome.FUNCTION_ERROR, oversized.outcome());
        assertEquals("Function.ResponseSizeTooLarge", oversized.errorType());
        assertEquals(Outcome.SUCCESS, next.outcome(), next.toString());
        assertFalse(next.coldStart(), "the function keeps running after an oversized response");
    }

    @Test
    void pooledFunction_runsConcurrentInvocationsOnSeparateInstances() throws Exception {
        CompletableFuture<Invocation> first = CompletableFuture.supplyAsync(
                () -> runtime.invoke("pooled", "{\"sleepMillis\":1500}", "test"));
        CompletableFuture<Invocation> second = CompletableFuture.supplyAsync(
                () -> runtime.invoke("pooled", "{\"sleepMillis\":1500}", "test"));

        assertEquals(Outcome.SUCCESS, first.get(30, TimeUnit.SECONDS).outcome());
        assertEquals(Outcome.SUCCESS, second.get(30, TimeUnit.SECONDS).outcome());
        assertEquals(2, runtime.status("pooled").coldStarts(), "two instances, each started once");
        assertEquals(2, runtime.processes("pooled").size());
    }

    @Test
    void build_removesWorkDirectoriesLeftBehindByARuntimeThatWasKilled() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process gone = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        gone.getInputStream().transferTo(OutputStream.nullOutputStream());
        gone.waitFor();
        Path abandoned = Files.createTempDirectory("ddbstreams-functions-");
        Files.writeString(abandoned.resolve("owner.pid"), Long.toString(gone.pid()));
        Files.createDirectories(abandoned.resolve("echo-0-1"));
        Path unmarked = Files.createTempDirectory("ddbstreams-functions-");

        builder().build().close();

        assertFalse(Files.exists(abandoned), "the dead owner's directory is removed");
        assertTrue(Files.exists(unmarked), "a directory without owner mark is left alone");
        Files.delete(unmarked);
    }

    @Test
    void unknownFunction_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> runtime.invoke("nobody", "{}", "test"));
    }

    @Test
    void close_killsRunningAndIdleProcesses_andLaterInvocationsFailFast() throws Exception {
        FunctionRuntime own = builder()
                .function(function("idle", "EchoHandler", Map.of()))
                .function(function("busy", "SleepingHandler", Map.of()))
                .build();
        own.invoke("idle", "{}", "test");
        CompletableFuture<Invocation> busy = CompletableFuture.supplyAsync(
                () -> own.invoke("busy", "{\"sleepMillis\":1800}", "test"));
        while (!"BUSY".equals(own.status("busy").state()) && !busy.isDone()) {
            Thread.sleep(20);
        }
        List<ProcessHandle> started = new ArrayList<>(own.processes());

        own.close();

        assertEquals(2, started.size());
        started.forEach(handle -> assertFalse(handle.isAlive(), "process " + handle.pid() + " survived close()"));
        Invocation interrupted = busy.get(30, TimeUnit.SECONDS);
        assertEquals(Outcome.PROCESS_EXITED, interrupted.outcome(), interrupted.toString());
        Invocation afterClose = own.invoke("idle", "{}", "test");
        assertEquals(Outcome.INIT_ERROR, afterClose.outcome());
        assertEquals("Runtime.ShuttingDown", afterClose.errorType());
    }

    private static FunctionRuntime.Builder builder() throws URISyntaxException {
        return FunctionRuntime.builder()
                .runtimeLibraries(Path.of(System.getProperty("lambda.runtime.dir", "target/lambda-runtime")))
                // The Runtime Interface Client 2.9.0 needs the SDK's utils-lite, which function jars built
                // with the SDK carry; these fixtures do not, so it is added here.
                .extraClassPath(codeSource("software.amazon.awssdk.utilslite.SdkInternalThreadLocal"))
                .initRetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                .environmentLogs(function -> new EnvironmentLogs.EnvironmentLog() {
                    private final List<String> lines = environmentLogs.computeIfAbsent(function.name(),
                            name -> new CopyOnWriteArrayList<>());

                    @Override
                    public String streamName() {
                        return null;
                    }

                    @Override
                    public void append(String line) {
                        lines.add(line);
                    }

                    @Override
                    public void close() {
                    }
                })
                .outputListener((function, line) -> {
                    output.add(function + "|" + line);
                    System.out.println("[" + function + "] " + line);
                })
                .invocationListener((function, source, invocation) -> {
                    invocations.add(function + "|" + source + "|" + invocation.outcome());
                    ProcessHandle.current().descendants().forEach(handle -> pidsSeen.add(handle.pid()));
                });
    }

    private static LocalFunction function(String name, String handler, Map<String, String> environment)
            throws URISyntaxException {
        return new LocalFunction(name, FIXTURES + handler, codeSource(EchoHandler.class.getName()), 256,
                Duration.ofSeconds(2), environment, 1);
    }

    private static LocalFunction logging(String name, FunctionLogging logging) throws URISyntaxException {
        return new LocalFunction(name, FIXTURES + "LevelLoggingHandler", codeSource(EchoHandler.class.getName()), 256,
                Duration.ofSeconds(2), Map.of(), 1, List.of(), null, LocalFunction.LATEST, logging);
    }

    private static Path codeSource(String className) throws URISyntaxException {
        try {
            return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the test class path", e);
        }
    }

    private static long pid(Invocation invocation) throws IOException {
        assertEquals(Outcome.SUCCESS, invocation.outcome(), invocation.toString());
        return JSON.readTree(invocation.responseJson()).get("pid").asLong();
    }

    private static ProcessHandle onlyProcessOf(String function) {
        List<ProcessHandle> processes = runtime.processes(function);
        assertEquals(1, processes.size(), processes.toString());
        return processes.get(0);
    }

    private static void assertNoProcessLeft() {
        // Function JVMs of these fixtures only: other tests in this JVM may own processes of their own.
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().orElse("").contains(FIXTURES)).toList();
        assertEquals(List.of(), left.stream().map(handle -> handle.pid() + " " + handle.info().commandLine().orElse(""))
                .toList(), "no function process may outlive close()");
        pidsSeen.forEach(pid -> assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "process " + pid + " survived close()"));
    }
}
