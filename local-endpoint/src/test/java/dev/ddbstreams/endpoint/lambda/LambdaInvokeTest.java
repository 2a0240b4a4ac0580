package dev.ddbstreams.endpoint.lambda;

import dev.ddbstreams.endpoint.EdgeEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invoke through the SDK v2 client with a fake function host: the three invocation types, function errors in AWS's
 * shape, the log tail, asynchronous retries, and invocation before a function is Active.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html">Invoke</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html">Asynchronous invocation error handling</a>
 */
class LambdaInvokeTest {
    private static LambdaFixture fixture;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() {
        fixture = new LambdaFixture(EdgeEndpoint.builder().port(0)
                .lambdaAsyncRetryDelays(List.of(Duration.ofMillis(50), Duration.ofMillis(100))));
        lambda = fixture.lambda;
        fixture.createJavaFunction("echo", "e");
        fixture.waitActive("echo");
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @BeforeEach
    void resetHost() {
        fixture.functions.answer = InvokeResult::success;
        fixture.functions.invocations.clear();
        fixture.functions.invokedArns.clear();
    }

    /** RequestResponse: 200, the function's payload, X-Amz-Executed-Version. */
    @Test
    void requestResponse_returnsThePayload() {
        InvokeResponse response = lambda.invoke(r -> r.functionName("echo").payload(SdkBytes.fromUtf8String("{\"n\":1}")));
        assertEquals(200, response.statusCode());
        assertEquals("{\"n\":1}", response.payload().asUtf8String());
        assertEquals("$LATEST", response.executedVersion());
        assertNull(response.functionError());
        assertEquals(List.of("echo lambda:Invoke {\"n\":1}"), fixture.functions.invocations);
    }

    /** A function error is a 200 with X-Amz-Function-Error: Unhandled and the error object as payload. */
    @Test
    void functionError_isUnhandledWithTheErrorObject() {
        fixture.functions.answer = payload -> InvokeResult.error("java.lang.IllegalStateException", "boom");
        InvokeResponse response = lambda.invoke(r -> r.functionName("echo").payload(SdkBytes.fromUtf8String("{}")));
        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.functionError());
        assertEquals("{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}", response.payload().asUtf8String());
    }

    /** LogType Tail: X-Amz-Log-Result is the base64 of the last 4 KB of the invocation's log. */
    @Test
    void tail_isTheLast4KbBase64() throws Exception {
        String log = "START RequestId: 1\n" + "x".repeat(5000) + "\nEND RequestId: 1\n";
        fixture.functions.answer = payload -> new InvokeResult("{}".getBytes(StandardCharsets.UTF_8), null, log);
        InvokeResponse response = lambda.invoke(r -> r.functionName("echo").logType(LogType.TAIL));
        String tail = new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
        assertEquals(4096, tail.length());
        assertTrue(tail.endsWith("\nEND RequestId: 1\n"));
        assertNull(lambda.invoke(r -> r.functionName("echo")).logResult(), "no tail unless asked");
        assertNull(lambda.invoke(r -> r.functionName("echo").logType(LogType.TAIL).invocationType(InvocationType.EVENT))
                .logResult(), "a tail for synchronous invocations only");
        // The Event invocation runs after the 202: wait for it, or it lands in a later test's record of invocations.
        LambdaFixture.await(() -> fixture.functions.invocations.contains("echo lambda:InvokeAsync {}"), "the Event invocation to run");
    }

    /** A host without a log for the invocation (it never reached a function process): no header rather than an empty one. */
    @Test
    void tail_isLeftOut_whenTheHostHasNoLog() {
        fixture.functions.answer = payload -> InvokeResult.error("Runtime.ExitError", "exited before init");
        InvokeResponse response = lambda.invoke(r -> r.functionName("echo").logType(LogType.TAIL));
        assertEquals("Unhandled", response.functionError());
        assertNull(response.logResult());
    }

    /** Event: 202 at once, the host runs it later; a failure is retried twice (three attempts in all). */
    @Test
    void event_runsAsynchronously_andRetriesTwice() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        fixture.functions.answer = payload -> attempts.incrementAndGet() < 3
                ? InvokeResult.error("Boom", "fails twice") : InvokeResult.success(new byte[0]);
        InvokeResponse response = lambda.invoke(r -> r.functionName("echo").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"async\":true}")));
        assertEquals(202, response.statusCode());
        LambdaFixture.await(() -> attempts.get() == 3, "three attempts");
        Thread.sleep(300);
        assertEquals(3, attempts.get(), "no attempt after a success");

        AtomicInteger failing = new AtomicInteger();
        fixture.functions.answer = payload -> {
            failing.incrementAndGet();
            return InvokeResult.error("Boom", "always");
        };
        lambda.invoke(r -> r.functionName("echo").invocationType(InvocationType.EVENT));
        LambdaFixture.await(() -> failing.get() == 3, "three attempts of an always-failing event");
        Thread.sleep(400);
        assertEquals(3, failing.get(), "AWS's default: two retries, then the event is discarded");
    }

    /** DryRun: 204 after the checks, the function is not run; a missing function still 404s. */
    @Test
    void dryRun_checksWithoutRunning() {
        InvokeResponse response = lambda.invoke(r -> r.functionName("echo").invocationType(InvocationType.DRY_RUN));
        assertEquals(204, response.statusCode());
        assertTrue(fixture.functions.invocations.isEmpty());
        assertThrows(ResourceNotFoundException.class, () -> lambda.invoke(r -> r.functionName("ghost").invocationType(InvocationType.DRY_RUN)));
    }

    /** Bad payloads: not JSON (InvalidRequestContentException), too large (RequestTooLargeException, 413). */
    @Test
    void badPayloads_areRefused() {
        var notJson = assertThrows(software.amazon.awssdk.services.lambda.model.InvalidRequestContentException.class,
                () -> lambda.invoke(r -> r.functionName("echo").payload(SdkBytes.fromUtf8String("{nope"))));
        assertTrue(notJson.getMessage().startsWith("Could not parse request body into json"));
        var tooLarge = assertThrows(software.amazon.awssdk.services.lambda.model.RequestTooLargeException.class,
                () -> lambda.invoke(r -> r.functionName("echo").invocationType(InvocationType.EVENT)
                        .payload(SdkBytes.fromUtf8String("\"" + "x".repeat(1024 * 1024 + 10) + "\""))));
        assertEquals(413, tooLarge.statusCode());
        assertTrue(fixture.functions.invocations.isEmpty());
    }

    /** A function whose host deploy has not completed is Pending: Invoke answers ResourceConflictException. */
    @Test
    void pendingFunction_cannotBeInvokedYet() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        fixture.functions.deployGate = gate;
        try {
            fixture.createJavaFunction("slow", "s");
            ResourceConflictException pending = assertThrows(ResourceConflictException.class, () -> lambda.invoke(r -> r.functionName("slow")));
            assertTrue(pending.getMessage().contains("The function is currently in the following state: Pending"));
        } finally {
            gate.countDown();
            fixture.functions.deployGate = new CountDownLatch(0);
        }
        fixture.waitActive("slow");
        assertEquals(200, lambda.invoke(r -> r.functionName("slow")).statusCode());
    }

    /** Runtimes other than java17/java21 are stored but answer every invocation with a function error. */
    @Test
    void otherRuntimes_areStoredButNotRun() {
        lambda.createFunction(r -> r.functionName("py").runtime(Runtime.PYTHON3_12).handler("app.handler").role(fixture.roleArn)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("py")))));
        fixture.waitActive("py");
        InvokeResponse response = lambda.invoke(r -> r.functionName("py"));
        assertEquals("Unhandled", response.functionError());
        assertTrue(response.payload().asUtf8String().contains("Runtime.UnsupportedRuntime"));
        assertTrue(fixture.functions.invocations.isEmpty());
        assertTrue(!fixture.functions.deployed.containsKey("py"), "the host is only handed java17/java21 functions");
    }

    /** Invoking a version or alias reports the version it resolved to. */
    @Test
    void qualifiedInvoke_reportsTheExecutedVersion() {
        lambda.publishVersion(r -> r.functionName("echo"));
        lambda.createAlias(r -> r.functionName("echo").name("current").functionVersion("1"));
        assertEquals("1", lambda.invoke(r -> r.functionName("echo").qualifier("current")).executedVersion());
        assertEquals("1", lambda.invoke(r -> r.functionName("echo:1")).executedVersion());
        assertThrows(ResourceNotFoundException.class, () -> lambda.invoke(r -> r.functionName("echo").qualifier("nope")));
    }

    /**
     * The function is told the ARN its caller invoked, for each invocation type: unqualified by name, qualified with the
     * alias even though the alias runs version 1 (and for an Event invocation, when it runs later).
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-context.html">Java context object (getInvokedFunctionArn)</a>
     */
    @Test
    void eachInvocation_carriesTheArnTheCallerInvoked() throws Exception {
        lambda.publishVersion(r -> r.functionName("echo"));
        lambda.createAlias(r -> r.functionName("echo").name("arnalias").functionVersion("1"));
        String arn = "arn:aws:lambda:us-east-1:000000000000:function:echo";
        lambda.invoke(r -> r.functionName("echo"));
        lambda.invoke(r -> r.functionName(arn + ":arnalias"));
        assertEquals(List.of(arn, arn + ":arnalias"), fixture.functions.invokedArns);

        lambda.invoke(r -> r.functionName("echo").qualifier("arnalias").invocationType(InvocationType.EVENT));
        LambdaFixture.await(() -> fixture.functions.invokedArns.size() == 3, "the Event invocation to run");
        assertEquals(arn + ":arnalias", fixture.functions.invokedArns.get(2));
    }
}
