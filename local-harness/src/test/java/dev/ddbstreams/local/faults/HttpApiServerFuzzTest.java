package dev.ddbstreams.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.http.HttpApiServer;
import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.lambda.Invocation;
import dev.ddbstreams.local.lambda.Invocation.Outcome;
import dev.ddbstreams.local.wiring.HttpApiSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer's whole corpus against the HTTP API server alone, with functions that refuse every request with a
 * JSON 400 (no function JVMs, no DynamoDB): whatever the server answers itself (route selection, size limits,
 * malformed request lines, escapes, framing, oversized headers) is a JSON error in API Gateway's shape with an
 * {@code Apigw-Requestid}, never a 5xx, and every well-formed request gets an answer. {@code HttpFuzzIT} runs the
 * same corpus against the real functions.
 */
class HttpApiServerFuzzTest {

    private static final Map<String, String> ROUTES = Map.of(
            "ANY /notes", "notes-api",
            "ANY /notes/{proxy+}", "notes-api",
            "ANY /users", "users-api",
            "ANY /users/{proxy+}", "users-api");

    /** A function that refuses everything, as the notes and users APIs refuse what they cannot use. */
    private static final FunctionInvoker REFUSING_FUNCTIONS = (function, invokedArn, event, source) -> new Invocation("req",
            Outcome.SUCCESS, "{\"statusCode\":400,\"headers\":{\"Content-Type\":\"application/json\"},"
                    + "\"body\":\"{\\\"message\\\":\\\"refused\\\"}\"}", null, null, Duration.ofMillis(1), false);

    @Test
    void corpus_getsNo5xx_andOnlyJsonErrorsWithARequestId() {
        HttpFuzzer.Settings settings = HttpFuzzer.Settings.defaults();
        List<FuzzRequest> corpus = FuzzCorpus.generate(settings.seed(), settings.requests());
        List<FuzzReport.Result> results = new ArrayList<>();
        long started = System.nanoTime();
        try (HttpApiServer server = HttpApiServer.builder().port(0).api(new HttpApiSpec(0, 0, ROUTES))
                .invoker(REFUSING_FUNCTIONS).start()) {
            RawHttpClient client = new RawHttpClient("127.0.0.1", server.port(), settings.requestTimeout());
            Map<String, String> ids = Map.of("{note}", "n-1", "{user}", "u-1");
            for (FuzzRequest request : corpus) {
                results.add(new FuzzReport.Result(request, client.send(request, ids)));
            }
        }
        FuzzReport report = FuzzReport.of(settings, results, 0, Duration.ofNanos(System.nanoTime() - started), true,
                List.of());

        assertEquals(0, report.count5xx(), report::format);
        assertEquals(0, report.parserRejectionCount(), report::format);
        assertEquals(report.api4xx(), report.json4xx(), report::format);
        assertTrue(report.failures().isEmpty(), report::format);
    }
}
