package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbstreams.local.lambda.InvocationReport.InitStatus;
import org.junit.jupiter.api.Test;

/**
 * The platform lines' text, field by field, as AWS writes them (tabs between the fields).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html">Understanding the Lambda execution environment lifecycle (INIT_REPORT)</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html">Telemetry API schema reference (platform.initReport, platform.report)</a>
 */
class InvocationReportTest {

    @Test
    void initReport_ofAnError_namesTheErrorType() {
        assertEquals("INIT_REPORT Init Duration: 1236.04 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError",
                InvocationReport.initReport(1_236_040_000L, InitStatus.ERROR, "Runtime.ExitError"));
    }

    @Test
    void initReport_ofATimeout_hasNoErrorType() {
        assertEquals("INIT_REPORT Init Duration: 1236.04 ms\tPhase: init\tStatus: timeout",
                InvocationReport.initReport(1_236_040_000L, InitStatus.TIMEOUT, "Runtime.Unknown"));
    }

    @Test
    void errorLine_endsWithStatusAndErrorType_afterTheUsualFields() {
        assertEquals("REPORT RequestId: r-1\tDuration: 98.71 ms\tBilled Duration: 99 ms\tMemory Size: 512 MB"
                + "\tStatus: error\tError Type: Runtime.BadFunctionCode",
                InvocationReport.errorLine("r-1", 98_710_000L, 512, -1, -1, "Runtime.BadFunctionCode"));
    }

    /** A runtime that exited during a cold invocation: Init Duration, then Status and Error Type (recorded order). */
    @Test
    void errorLine_putsTheStatusAfterTheInitDuration() {
        assertEquals("REPORT RequestId: r-1\tDuration: 1248.31 ms\tBilled Duration: 1249 ms\tMemory Size: 128 MB"
                + "\tInit Duration: 293.05 ms\tStatus: error\tError Type: Runtime.ExitError",
                InvocationReport.errorLine("r-1", 1_248_310_000L, 128, -1, 293_050_000L, "Runtime.ExitError"));
    }

    @Test
    void timeoutLine_endsWithStatusTimeout_withoutAnErrorType() {
        assertEquals("REPORT RequestId: r-1\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 1024 MB"
                + "\tStatus: timeout", InvocationReport.timeoutLine("r-1", 3_000_000_000L, 1024, -1, -1));
    }

    @Test
    void startAndEnd_areUnchanged() {
        assertEquals("START RequestId: r-1 Version: $LATEST", InvocationReport.start("r-1", "$LATEST"));
        assertEquals("END RequestId: r-1", InvocationReport.end("r-1"));
        assertEquals("REPORT RequestId: r-1\tDuration: 3.01 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB"
                + "\tInit Duration: 110.10 ms", InvocationReport.line("r-1", 3_010_000L, 128, -1, 110_100_000L));
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
