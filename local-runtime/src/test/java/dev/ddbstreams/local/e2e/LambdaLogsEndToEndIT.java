package dev.ddbstreams.local.e2e;

import static dev.ddbstreams.local.e2e.EmptyRuntime.LAMBDA_TRUST_POLICY;
import static dev.ddbstreams.local.e2e.EmptyRuntime.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.lambda.fixtures.LoggingHandler;
import dev.ddbstreams.local.lambda.fixtures.StaticInitFailureHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.LogFormat;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.SystemLogLevel;

/**
 * A function's execution log as Lambda hands it out, through the AWS endpoint with the SDK v2, the function running in
 * its own JVM: the tail of {@code LogType: Tail} and the log group of {@code LoggingConfig.LogGroup}.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html">Invoke (LogType, X-Amz-Log-Result)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html">Configuring CloudWatch log groups</a>
 */
class LambdaLogsEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmptyRuntime local;
    private static IamClient iam;
    private static LambdaClient lambda;
    private static CloudWatchLogsClient logs;
    private static String roleArn;
    private static byte[] jar;

    @BeforeAll
    static void start() throws IOException {
        local = EmptyRuntime.start();
        iam = local.aws.iam();
        lambda = local.aws.lambda();
        logs = local.aws.logs();
        roleArn = iam.createRole(b -> b.roleName("logs-it-role")
                .assumeRolePolicyDocument(LAMBDA_TRUST_POLICY)).role().arn();
        jar = jar(LoggingHandler.class);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void logTypeTail_returnsTheInvocationsExecutionLog_fromStartToReport() throws Exception {
        create("tail-fn", null);

        InvokeResponse response = lambda.invoke(b -> b.functionName("tail-fn").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"lines\":2}")));

        String requestId = JSON.readTree(response.payload().asByteArray()).get("requestId").asText();
        assertEquals(requestId, response.responseMetadata().requestId(),
                "Invoke answers the id the function ran under as x-amzn-RequestId");
        // What `aws lambda invoke --log-type Tail --query LogResult --output text | base64 --decode` shows.
        String log = new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
        List<String> lines = log.lines().toList();
        assertEquals(5, lines.size(), log);
        assertEquals("START RequestId: " + requestId + " Version: $LATEST", lines.get(0));
        assertEquals(List.of("logging " + requestId + " line 0", "logging " + requestId + " line 1"), lines.subList(1, 3));
        assertEquals("END RequestId: " + requestId, lines.get(3));
        assertTrue(lines.get(4).startsWith("REPORT RequestId: " + requestId + "\tDuration: "), lines.get(4));
        assertTrue(log.endsWith("\n"), "each line ends with a newline");

        String warm = new String(Base64.getDecoder().decode(lambda.invoke(b -> b.functionName("tail-fn")
                .logType(LogType.TAIL)).logResult()), StandardCharsets.UTF_8);
        assertFalse(warm.contains(requestId), "only the invocation's own lines: " + warm);
        assertNull(lambda.invoke(b -> b.functionName("tail-fn")).logResult(), "no tail unless asked");
    }

    @Test
    void logTypeTail_ofAChattyInvocation_isItsLast4Kb() throws Exception {
        create("chatty-fn", null);

        InvokeResponse response = lambda.invoke(b -> b.functionName("chatty-fn").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"lines\":300,\"width\":100}")));

        String requestId = JSON.readTree(response.payload().asByteArray()).get("requestId").asText();
        byte[] tail = Base64.getDecoder().decode(response.logResult());
        String log = new String(tail, StandardCharsets.UTF_8);
        assertEquals(4096, tail.length, "the log is longer than 4 KB: its last 4 KB");
        assertFalse(log.contains("START RequestId"), "the beginning is cut off");
        assertTrue(log.contains("logging " + requestId + " line 299 " + "w".repeat(100) + "\nEND RequestId: " + requestId
                + "\nREPORT RequestId: " + requestId + "\t"), log);
        assertTrue(log.endsWith("\n"), log);
    }

    /**
     * A function whose initialisation fails: Invoke's tail and the log stream show what AWS writes for it, after the
     * function's own output (its stack trace): {@code INIT_REPORT ... Phase: init Status: error Error Type: ...}, and
     * the invocation's {@code START}, {@code END} and {@code REPORT ... Status: error Error Type: ...}. The Java
     * Runtime Interface Client reports a handler class it cannot initialise as {@code Runtime.BadFunctionCode}.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html">Understanding the Lambda execution environment lifecycle (failures during the Init phase)</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html">Telemetry API schema reference (platform.initReport, platform.report: status, errorType)</a>
     */
    @Test
    void initFailure_showsInitReportStartEndAndReport_withStatusError_inTheTailAndTheLogStream() throws Exception {
        create("init-fails-fn", StaticInitFailureHandler.class, null);

        InvokeResponse response = lambda.invoke(b -> b.functionName("init-fails-fn").logType(LogType.TAIL));

        assertEquals("Unhandled", response.functionError(), response.payload().asUtf8String());
        String requestId = response.responseMetadata().requestId();
        String log = new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
        List<String> lines = log.lines().toList();
        assertInitFailureLines(lines, requestId);
        assertTrue(lines.subList(0, lines.size() - 4).stream().anyMatch(line -> line.contains(
                "static configuration is broken")), "the function's output of the initialisation first: " + log);
        assertTrue(log.endsWith("\n"), log);

        String stream = logs.describeLogStreams(b -> b.logGroupName("/aws/lambda/init-fails-fn")).logStreams().get(0)
                .logStreamName();
        await(() -> messages("/aws/lambda/init-fails-fn", stream).stream().anyMatch(m -> m.startsWith("REPORT ")),
                "the REPORT line in " + stream);
        List<String> messages = messages("/aws/lambda/init-fails-fn", stream);
        assertInitFailureLines(messages, requestId);
        assertTrue(messages.stream().anyMatch(m -> m.contains("static configuration is broken")), messages.toString());
    }

    /** The last four lines: INIT_REPORT, START, END and REPORT of {@code requestId}, with AWS's tabs. */
    private static void assertInitFailureLines(List<String> lines, String requestId) {
        assertTrue(lines.size() > 4, lines.toString());
        List<String> platform = lines.subList(lines.size() - 4, lines.size());
        assertTrue(platform.get(0).matches("INIT_REPORT Init Duration: \\d+\\.\\d{2} ms\tPhase: init"
                + "\tStatus: error\tError Type: Runtime\\.BadFunctionCode"), platform.get(0));
        assertEquals("START RequestId: " + requestId + " Version: $LATEST", platform.get(1));
        assertEquals("END RequestId: " + requestId, platform.get(2));
        assertTrue(platform.get(3).matches("REPORT RequestId: " + requestId + "\tDuration: \\d+\\.\\d{2} ms"
                + "\tBilled Duration: \\d+ ms\tMemory Size: 128 MB(\tMax Memory Used: \\d+ MB)?"
                + "\tStatus: error\tError Type: Runtime\\.BadFunctionCode"), platform.get(3));
    }

    @Test
    void loggingConfigLogGroup_sendsTheLinesToThatGroup_andAChangedGroupAppliesToNewEnvironments() throws Exception {
        create("custom-group-fn", "/shop/logs-it");

        JsonNode first = invoke("custom-group-fn");
        assertEquals("/shop/logs-it", first.get("logGroup").asText(), "AWS_LAMBDA_LOG_GROUP_NAME");
        String stream = first.get("logStream").asText();
        assertTrue(stream.matches("\\d{4}/\\d{2}/\\d{2}/custom-group-fn\\[\\$LATEST][0-9a-f]{32}"), stream);
        awaitLine("/shop/logs-it", stream, "logging " + first.get("requestId").asText() + " line 0");
        assertTrue(logs.describeLogGroups(b -> b.logGroupNamePrefix("/aws/lambda/custom-group-fn")).logGroups().isEmpty(),
                "nothing in /aws/lambda/custom-group-fn");

        lambda.updateFunctionConfiguration(b -> b.functionName("custom-group-fn")
                .loggingConfig(LoggingConfig.builder().logGroup("/shop/logs-it-2").build()));
        await(() -> lambda.getFunctionConfiguration(b -> b.functionName("custom-group-fn")).lastUpdateStatus()
                == LastUpdateStatus.SUCCESSFUL, "the update Successful");

        JsonNode second = invoke("custom-group-fn");
        assertEquals("/shop/logs-it-2", second.get("logGroup").asText());
        String secondStream = second.get("logStream").asText();
        awaitLine("/shop/logs-it-2", secondStream, "logging " + second.get("requestId").asText() + " line 0");
        assertFalse(messages("/shop/logs-it", stream).stream().anyMatch(m -> m.contains(second.get("requestId").asText())),
                "the old group gets nothing of the new environment");
    }

    /**
     * {@code LoggingConfig.LogFormat: JSON}: the platform lines in the log stream and in Invoke's tail are Telemetry
     * API records ({@code platform.start}, {@code platform.report}; the successful {@code platform.runtimeDone} is
     * DEBUG, below the default {@code SystemLogLevel: INFO}); the function's own {@code System.out} lines are as it
     * wrote them. Updated back to {@code Text}, new execution environments write the text lines again.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html">Configuring advanced logging controls for Lambda functions</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html">Log-level filtering (System log level event mapping)</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html">Telemetry API schema reference (platform.start, platform.report)</a>
     */
    @Test
    void logFormatJson_writesThePlatformLinesAsJsonRecords_andTextAgainAfterAnUpdate() throws Exception {
        byte[] code = jar;
        lambda.createFunction(b -> b.functionName("json-fn").runtime(Runtime.JAVA21).role(roleArn)
                .handler(LoggingHandler.class.getName()).code(c -> c.zipFile(SdkBytes.fromByteArray(code)))
                .loggingConfig(LoggingConfig.builder().logFormat(LogFormat.JSON).systemLogLevel(SystemLogLevel.INFO)
                        .build()));
        await(() -> lambda.getFunctionConfiguration(b -> b.functionName("json-fn")).state() == State.ACTIVE,
                "json-fn Active");

        InvokeResponse response = lambda.invoke(b -> b.functionName("json-fn").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{}")));
        JsonNode first = JSON.readTree(response.payload().asByteArray());
        String requestId = first.get("requestId").asText();
        List<String> tail = new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8)
                .lines().toList();
        assertJsonInvocation(tail, requestId);

        String stream = first.get("logStream").asText();
        await(() -> messages("/aws/lambda/json-fn", stream).stream().anyMatch(m -> m.contains("\"platform.report\"")),
                "the platform.report record in " + stream);
        assertJsonInvocation(messages("/aws/lambda/json-fn", stream), requestId);

        lambda.updateFunctionConfiguration(b -> b.functionName("json-fn")
                .loggingConfig(LoggingConfig.builder().logFormat(LogFormat.TEXT).build()));
        await(() -> lambda.getFunctionConfiguration(b -> b.functionName("json-fn")).lastUpdateStatus()
                == LastUpdateStatus.SUCCESSFUL, "the update Successful");
        JsonNode second = invoke("json-fn");
        String textStream = second.get("logStream").asText();
        String secondId = second.get("requestId").asText();
        await(() -> messages("/aws/lambda/json-fn", textStream).stream().anyMatch(m -> m.startsWith("REPORT ")),
                "the REPORT line in " + textStream);
        List<String> text = messages("/aws/lambda/json-fn", textStream);
        assertEquals("START RequestId: " + secondId + " Version: $LATEST", text.get(0), text.toString());
        assertTrue(text.contains("END RequestId: " + secondId), text.toString());
        assertTrue(text.stream().noneMatch(m -> m.contains("\"platform.")), text.toString());
    }

    /** {@code platform.start}, the function's line, {@code platform.report}; no text platform line, no runtimeDone. */
    private static void assertJsonInvocation(List<String> lines, String requestId) throws IOException {
        assertEquals(3, lines.size(), lines.toString());
        JsonNode start = JSON.readTree(lines.get(0));
        assertEquals("platform.start", start.get("type").asText(), lines.toString());
        assertEquals(requestId, start.get("record").get("requestId").asText());
        assertEquals("$LATEST", start.get("record").get("version").asText());
        assertEquals("logging " + requestId + " line 0", lines.get(1));
        JsonNode report = JSON.readTree(lines.get(2));
        assertEquals("platform.report", report.get("type").asText(), lines.toString());
        assertEquals(requestId, report.get("record").get("requestId").asText());
        assertEquals("success", report.get("record").get("status").asText());
        assertEquals(128, report.get("record").get("metrics").get("memorySizeMB").asInt(), report.toString());
        assertTrue(report.get("record").get("metrics").get("durationMs").isNumber(), report.toString());
    }

    private static void create(String name, String logGroup) throws InterruptedException, IOException {
        create(name, LoggingHandler.class, logGroup);
    }

    private static void create(String name, Class<?> handler, String logGroup) throws InterruptedException, IOException {
        byte[] code = handler == LoggingHandler.class ? jar : jar(handler);
        lambda.createFunction(b -> {
            b.functionName(name).runtime(Runtime.JAVA21).role(roleArn).handler(handler.getName())
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(code)));
            if (logGroup != null) {
                b.loggingConfig(LoggingConfig.builder().logGroup(logGroup).build());
            }
        });
        await(() -> lambda.getFunctionConfiguration(b -> b.functionName(name)).state() == State.ACTIVE,
                name + " Active");
    }

    private static JsonNode invoke(String name) throws IOException {
        InvokeResponse response = lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{}")));
        assertNull(response.functionError(), response.payload().asUtf8String());
        return JSON.readTree(response.payload().asByteArray());
    }

    private static void awaitLine(String group, String stream, String line) throws InterruptedException {
        // Lines are written in batches (every 200 ms).
        await(() -> messages(group, stream).contains(line), "\"" + line + "\" in " + group + " " + stream);
    }

    private static List<String> messages(String group, String stream) {
        List<String> messages = new ArrayList<>();
        logs.getLogEvents(b -> b.logGroupName(group).logStreamName(stream).startFromHead(true)).events().stream()
                .map(OutputLogEvent::message).forEach(messages::add);
        return messages;
    }

    /** A deployment package with {@code handler}'s class at its root. */
    private static byte[] jar(Class<?> handler) throws IOException {
        String entry = handler.getName().replace('.', '/') + ".class";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes); InputStream in = handler.getResourceAsStream("/" + entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }
}
