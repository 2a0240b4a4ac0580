package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ddbstreams.local.lambda.InvocationReport.Status;
import dev.ddbstreams.local.lambda.InvocationReport.PlatformLine;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The platform lines' text, field by field, as AWS writes them (tabs between the fields).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html">Understanding the Lambda execution environment lifecycle (INIT_REPORT)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html">Telemetry API schema reference (platform.initReport, platform.report)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html">Log-level filtering (System log level event mapping)</a>
 */
class InvocationReportTest {

    private static final Instant TIME = Instant.parse("2026-10-08T07:30:29.470123Z");
    private static final FunctionLogging JSON_INFO = FunctionLogging.of("JSON", null, null);
    private static final FunctionLogging JSON_DEBUG = FunctionLogging.of("JSON", "INFO", "DEBUG");
    private static final FunctionLogging JSON_WARN = FunctionLogging.of("JSON", "INFO", "WARN");

    /** Recorded from CloudWatch Logs, LogFormat JSON: {"time":"...","type":"platform.start","record":{"requestId":..,"version":"$LATEST"}} (functionArn left out). */
    @Test
    void startEvent_inJson_isAPlatformStartRecord_atInfo() {
        PlatformLine start = InvocationReport.startEvent(TIME, "r-1", "$LATEST");
        assertEquals("{\"time\":\"2026-10-08T07:30:29.470Z\",\"type\":\"platform.start\","
                + "\"record\":{\"requestId\":\"r-1\",\"version\":\"$LATEST\"}}", start.render(JSON_INFO));
        assertEquals("START RequestId: r-1 Version: $LATEST", start.render(FunctionLogging.TEXT));
        assertNull(start.render(JSON_WARN), "SystemLogLevel WARN leaves out the INFO start record");
    }

    /** Recorded: {"requestId":..,"metrics":{"durationMs":..,"billedDurationMs":..,"memorySizeMB":..,"maxMemoryUsedMB":..,"initDurationMs":..},"status":"success"}. */
    @Test
    void reportEvent_inJson_carriesTheMetricsAndStatus_atInfoOnSuccess() {
        PlatformLine report = InvocationReport.reportEvent(TIME, "r-1", 1_233_960_000L, 256, -1, 463_510_000L,
                Status.SUCCESS, null);
        assertEquals("{\"time\":\"2026-10-08T07:30:29.470Z\",\"type\":\"platform.report\",\"record\":{"
                + "\"requestId\":\"r-1\",\"metrics\":{\"durationMs\":1233.96,\"billedDurationMs\":1234,"
                + "\"memorySizeMB\":256,\"initDurationMs\":463.51},\"status\":\"success\"}}", report.render(JSON_INFO));
        assertEquals("REPORT RequestId: r-1\tDuration: 1233.96 ms\tBilled Duration: 1234 ms\tMemory Size: 256 MB"
                + "\tInit Duration: 463.51 ms", report.render(FunctionLogging.TEXT), "the text line of the same facts");
        assertNull(report.render(JSON_WARN));
    }

    @Test
    void reportEvent_ofATimeoutOrAnError_isWarn_withStatusAndErrorType() {
        PlatformLine timeout = InvocationReport.reportEvent(TIME, "r-1", 3_000_000_000L, 1024, -1, -1, Status.TIMEOUT, null);
        assertEquals("{\"time\":\"2026-10-08T07:30:29.470Z\",\"type\":\"platform.report\",\"record\":{"
                + "\"requestId\":\"r-1\",\"metrics\":{\"durationMs\":3000.00,\"billedDurationMs\":3000,"
                + "\"memorySizeMB\":1024},\"status\":\"timeout\"}}", timeout.render(JSON_WARN));
        assertEquals("REPORT RequestId: r-1\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 1024 MB"
                + "\tStatus: timeout", timeout.render(FunctionLogging.TEXT), "Status: timeout, without an error type");
        PlatformLine error = InvocationReport.reportEvent(TIME, "r-1", 98_710_000L, 512, -1, 293_050_000L, Status.ERROR,
                "Runtime.ExitError");
        assertEquals("{\"time\":\"2026-10-08T07:30:29.470Z\",\"type\":\"platform.report\",\"record\":{"
                + "\"requestId\":\"r-1\",\"metrics\":{\"durationMs\":98.71,\"billedDurationMs\":99,"
                + "\"memorySizeMB\":512,\"initDurationMs\":293.05},\"status\":\"error\","
                + "\"errorType\":\"Runtime.ExitError\"}}", error.render(JSON_WARN));
        assertEquals("REPORT RequestId: r-1\tDuration: 98.71 ms\tBilled Duration: 99 ms\tMemory Size: 512 MB"
                + "\tInit Duration: 293.05 ms\tStatus: error\tError Type: Runtime.ExitError",
                error.render(FunctionLogging.TEXT), "Status and Error Type after Init Duration, the recorded order");
    }

    /** A successful platform.runtimeDone is DEBUG: not in a log at the default INFO, as in recorded JSON logs. */
    @Test
    void endEvent_isARuntimeDoneRecord_atDebugOnSuccess_andWarnOtherwise() {
        PlatformLine done = InvocationReport.endEvent(TIME, "r-1", Status.SUCCESS, null);
        assertNull(done.render(JSON_INFO));
        assertEquals("{\"time\":\"2026-10-08T07:30:29.470Z\",\"type\":\"platform.runtimeDone\","
                + "\"record\":{\"requestId\":\"r-1\",\"status\":\"success\"}}", done.render(JSON_DEBUG));
        assertEquals("END RequestId: r-1", done.render(FunctionLogging.TEXT));
        assertEquals("{\"time\":\"2026-10-08T07:30:29.470Z\",\"type\":\"platform.runtimeDone\","
                + "\"record\":{\"requestId\":\"r-1\",\"status\":\"timeout\"}}",
                InvocationReport.endEvent(TIME, "r-1", Status.TIMEOUT, null).render(JSON_WARN));
    }

    @Test
    void initReportEvent_ofAFailedInit_isWarn_withPhaseStatusErrorTypeAndDuration() {
        PlatformLine error = InvocationReport.initReportEvent(TIME, 1_236_040_000L, Status.ERROR, "Runtime.ExitError");
        assertEquals("{\"time\":\"2026-10-08T07:30:29.470Z\",\"type\":\"platform.initReport\",\"record\":{"
                + "\"initializationType\":\"on-demand\",\"phase\":\"init\",\"status\":\"error\","
                + "\"errorType\":\"Runtime.ExitError\",\"metrics\":{\"durationMs\":1236.04}}}", error.render(JSON_WARN));
        assertEquals(InvocationReport.initReport(1_236_040_000L, Status.ERROR, "Runtime.ExitError"),
                error.render(FunctionLogging.TEXT));
        assertEquals("{\"time\":\"2026-10-08T07:30:29.470Z\",\"type\":\"platform.initReport\",\"record\":{"
                + "\"initializationType\":\"on-demand\",\"phase\":\"init\",\"status\":\"timeout\","
                + "\"metrics\":{\"durationMs\":1236.04}}}",
                InvocationReport.initReportEvent(TIME, 1_236_040_000L, Status.TIMEOUT, "Runtime.Unknown").render(JSON_INFO));
    }

    @Test
    void initReport_ofAnError_namesTheErrorType() {
        assertEquals("INIT_REPORT Init Duration: 1236.04 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError",
                InvocationReport.initReport(1_236_040_000L, Status.ERROR, "Runtime.ExitError"));
    }

    @Test
    void initReport_ofATimeout_hasNoErrorType() {
        assertEquals("INIT_REPORT Init Duration: 1236.04 ms\tPhase: init\tStatus: timeout",
                InvocationReport.initReport(1_236_040_000L, Status.TIMEOUT, "Runtime.Unknown"));
    }

    @Test
    void reportEvent_ofAFailedInit_endsWithStatusAndErrorType_afterTheUsualFields() {
        assertEquals("REPORT RequestId: r-1\tDuration: 98.71 ms\tBilled Duration: 99 ms\tMemory Size: 512 MB"
                + "\tStatus: error\tError Type: Runtime.BadFunctionCode",
                InvocationReport.reportEvent(TIME, "r-1", 98_710_000L, 512, -1, -1, Status.ERROR, "Runtime.BadFunctionCode").text());
    }

    @Test
    void startAndEnd_areUnchanged() {
        assertEquals("START RequestId: r-1 Version: $LATEST", InvocationReport.start("r-1", "$LATEST"));
        assertEquals("END RequestId: r-1", InvocationReport.end("r-1"));
        assertEquals("REPORT RequestId: r-1\tDuration: 3.01 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB"
                + "\tInit Duration: 110.10 ms",
                InvocationReport.reportEvent(TIME, "r-1", 3_010_000L, 128, -1, 110_100_000L, Status.SUCCESS, null).text());
    }

    @Test
    void platformErrorType_passesOnRuntimeAndFunctionNames_andCallsAnythingElseUnknown() {
        assertEquals("Runtime.BadFunctionCode", InvocationReport.platformErrorType("Runtime.BadFunctionCode"));
        assertEquals("Function.ResponseSizeTooLarge", InvocationReport.platformErrorType("Function.ResponseSizeTooLarge"));
        assertEquals("Runtime.Unknown", InvocationReport.platformErrorType("java.lang.IllegalStateException"));
        assertEquals("Runtime.Unknown", InvocationReport.platformErrorType(null));
        assertEquals("Runtime.Unknown", InvocationReport.platformErrorType(""));
    }
}
