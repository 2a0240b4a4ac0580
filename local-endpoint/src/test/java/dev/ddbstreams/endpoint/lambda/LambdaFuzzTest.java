package dev.ddbstreams.endpoint.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input to the Lambda API (bodies with bytes flipped or cut, odd paths and methods): every answer is a 4xx in
 * Lambda's error shape or a success, never a 5xx, and the endpoint keeps serving. Bounded: 400 requests, one seed.
 */
class LambdaFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZIP = java.util.Base64.getEncoder().encodeToString(LambdaFixture.jar("fuzz"));
    private static final List<String[]> SEEDS = List.of(
            new String[]{"POST", "/2015-03-31/functions", "{\"FunctionName\":\"f\",\"Runtime\":\"java21\",\"Handler\":\"h::h\","
                    + "\"Role\":\"arn:aws:iam::000000000000:role/fn-role\",\"MemorySize\":256,\"Environment\":{\"Variables\":{\"A\":\"1\"}},"
                    + "\"Code\":{\"ZipFile\":\"" + ZIP + "\"}}"},
            new String[]{"PUT", "/2015-03-31/functions/f/configuration", "{\"Timeout\":10,\"LoggingConfig\":{\"LogFormat\":\"JSON\"}}"},
            new String[]{"POST", "/2015-03-31/functions/f/policy", "{\"StatementId\":\"s\",\"Action\":\"lambda:InvokeFunction\","
                    + "\"Principal\":\"apigateway.amazonaws.com\",\"SourceArn\":\"arn:aws:execute-api:us-east-1:000000000000:a/*\"}"},
            new String[]{"POST", "/2015-03-31/functions/f/aliases", "{\"Name\":\"live\",\"FunctionVersion\":\"1\",\"RoutingConfig\":{\"AdditionalVersionWeights\":{\"2\":0.5}}}"},
            new String[]{"POST", "/2015-03-31/functions/f/invocations", "{\"key\":[1,2,{\"x\":null}]}"},
            new String[]{"POST", "/2015-03-31/event-source-mappings/", "{\"FunctionName\":\"f\",\"EventSourceArn\":"
                    + "\"arn:aws:kinesis:us-east-1:000000000000:stream/s\",\"StartingPosition\":\"LATEST\",\"BatchSize\":5,"
                    + "\"FilterCriteria\":{\"Filters\":[{\"Pattern\":\"{\\\"a\\\":[1]}\"}]}}"},
            new String[]{"POST", "/2017-03-31/tags/arn:aws:lambda:us-east-1:000000000000:function:f", "{\"Tags\":{\"a\":\"b\"}}"});

    @Test
    void mutatedLambdaRequests_neverGet5xx() throws Exception {
        try (LambdaFixture fixture = new LambdaFixture()) {
            Random random = new Random(20261206L);
            for (int i = 0; i < 400; i++) {
                String[] seed = SEEDS.get(random.nextInt(SEEDS.size()));
                String body = mutate(seed[2], random);
                String path = random.nextInt(10) == 0
                        ? List.of("/2015-03-31/functions/%C3%28", "/2015-03-31/functions/a:b:c:d:e:f:g:h", "/2015-03-31/functions/"
                        + "x".repeat(300), "/2015-03-31/event-source-mappings/nope", "/2017-03-31/tags/garbage").get(random.nextInt(5))
                        : seed[1];
                String method = random.nextInt(10) == 0 ? List.of("GET", "PUT", "DELETE").get(random.nextInt(3)) : seed[0];
                LambdaFixture.Raw raw;
                try {
                    raw = LambdaFixture.http(fixture.edge, method, path, body);
                } catch (IOException | IllegalArgumentException clientRefused) {
                    continue; // the JDK client refuses some URIs before sending; nothing reached the edge
                }
                String shown = method + " " + path + " " + body + " -> " + raw.status() + " " + raw.text();
                assertTrue(raw.status() < 500, shown);
                if (raw.status() >= 400) {
                    JsonNode error = JSON.readTree(raw.body());
                    // Lambda's shape, or the edge's own JSON 400 for a request Jetty cannot parse (bad URI encoding).
                    assertTrue(error.has("__type") || raw.header("x-amzn-ErrorType") != null, shown);
                    assertTrue(error.has("message") || error.has("Message"), shown);
                }
            }
            assertEquals(200, LambdaFixture.http(fixture.edge, "GET", "/2015-03-31/functions/", null).status());
        }
    }

    private static String mutate(String body, Random random) {
        StringBuilder text = new StringBuilder(body);
        int mutations = random.nextInt(4);
        for (int m = 0; m < mutations && text.length() > 0; m++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(5)) {
                case 0 -> text.setLength(at);
                case 1 -> text.setCharAt(at, (char) (32 + random.nextInt(95)));
                case 2 -> text.insert(at, random.nextBoolean() ? "{" : "\"");
                case 3 -> text.insert(at, "-1");
                default -> text.deleteCharAt(at);
            }
        }
        return new String(text.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
