package dev.ddbstreams.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated requests to every protocol the edge serves (truncated, bytes flipped, invalid UTF-8, broken escapes, odd
 * methods and paths) over raw sockets: no answer is a 5xx, every error body is the protocol's own shape (JSON, or XML
 * for the query protocol), and the edge keeps answering. Seeded, so a failure replays.
 */
class EdgeFuzzTest {
    private static final int REQUESTS = 600;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EdgeEndpoint edge;

    @BeforeAll
    static void start() {
        edge = EdgeEndpoint.builder().port(0).start();
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close();
    }

    private record Seed(String method, String path, String contentType, String target, String service, String body) {
    }

    private static final List<Seed> SEEDS = List.of(
            new Seed("POST", "/", "application/x-www-form-urlencoded", null, "iam",
                    "Action=CreateRole&Version=2010-05-08&RoleName=r1&AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D"),
            new Seed("POST", "/", "application/x-www-form-urlencoded", null, "iam", "Action=ListRoles&Version=2010-05-08&MaxItems=2"),
            new Seed("POST", "/", "application/x-www-form-urlencoded", null, "sts", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fr1&RoleSessionName=s"),
            new Seed("POST", "/", "application/x-amz-json-1.1", "Logs_20140328.CreateLogGroup", "logs", "{\"logGroupName\":\"/fuzz\"}"),
            new Seed("POST", "/", "application/x-amz-json-1.1", "Logs_20140328.PutLogEvents", "logs",
                    "{\"logGroupName\":\"/fuzz\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":1,\"message\":\"m\"}]}"),
            new Seed("POST", "/", "application/x-amz-json-1.1", "Logs_20140328.FilterLogEvents", "logs", "{\"logGroupName\":\"/fuzz\",\"filterPattern\":\"\\\"a b\\\" ?c -d\"}"),
            new Seed("POST", "/", "application/x-amz-json-1.0", "GraniteServiceVersion20100801.DescribeAlarms", "monitoring", "{\"MaxRecords\":5}"),
            new Seed("POST", "/", "application/x-www-form-urlencoded", null, "monitoring",
                    "Action=PutMetricAlarm&Version=2010-08-01&AlarmName=a&Namespace=n&MetricName=m&Statistic=Sum&Period=60&EvaluationPeriods=1&Threshold=1&ComparisonOperator=GreaterThanThreshold"),
            new Seed("GET", "/2015-03-31/functions/", null, null, "lambda", ""),
            new Seed("POST", "/", "application/x-amz-json-1.0", "DynamoDB_20120810.ListTables", "dynamodb", "{}"),
            new Seed("POST", "/v2/apis", "application/json", null, "apigateway", "{\"name\":\"fuzz\",\"protocolType\":\"HTTP\",\"tags\":{\"a\":\"b\"}}"),
            new Seed("POST", "/v2/apis/abcdefghij/routes", "application/json", null, "apigateway", "{\"routeKey\":\"GET /notes/{id}\"}"),
            new Seed("POST", "/v2/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Fapis%2Fabcdefghij", "application/json", null, "apigateway", "{\"tags\":{\"k\":\"v\"}}"),
            new Seed("POST", "/_aws/execute-api/abcdefghij/notes?limit=%ZZ", "application/json", null, "execute-api", "{\"title\":\"t\"}"));

    @Test
    void mutatedRequests_neverGet5xx_andAlwaysGetTheProtocolsErrorShape() throws IOException {
        Random random = new Random(20261205L);
        int answered = 0;
        for (int i = 0; i < REQUESTS; i++) {
            Seed seed = SEEDS.get(random.nextInt(SEEDS.size()));
            byte[] body = mutate(seed.body().getBytes(StandardCharsets.UTF_8), random);
            String path = random.nextInt(8) == 0 ? List.of("//x", "/%zz", "/a?b=%", "/..%2f..", "/?Action=%ff%fe").get(random.nextInt(5)) : seed.path();
            String method = random.nextInt(10) == 0 ? List.of("PUT", "DELETE", "PATCH", "OPTIONS").get(random.nextInt(4)) : seed.method();
            boolean signed = random.nextBoolean();
            String raw = answer(method, path, seed, signed, body);
            int status = Integer.parseInt(raw.substring(9, 12));
            assertTrue(status < 500, () -> "5xx for " + method + " " + path + " " + new String(body, StandardCharsets.ISO_8859_1) + "\n" + raw);
            String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
            String responseBody = raw.substring(raw.indexOf("\r\n\r\n") + 4);
            if (status >= 400) {
                boolean xml = head.contains("content-type: text/xml") && responseBody.startsWith("<?xml") && responseBody.contains("<ErrorResponse");
                // API Gateway's errors carry only a message (the control plane's code is in x-amzn-ErrorType).
                boolean apiGatewayShape = seed.service().equals("apigateway") || seed.service().equals("execute-api");
                boolean json = head.contains("json") && (isJsonWithType(responseBody)
                        || isLambdaError(head, responseBody) || apiGatewayShape && isJsonWithMessage(responseBody));
                boolean cbor = head.contains("content-type: application/cbor");
                assertTrue(xml || json || cbor, () -> "error body not in a protocol's shape for " + method + " " + path + ":\n" + raw);
            }
            answered++;
        }
        assertEquals(REQUESTS, answered);
        // And the edge is still healthy.
        String after = answer("POST", "/", SEEDS.get(1), true, SEEDS.get(1).body().getBytes(StandardCharsets.UTF_8));
        assertTrue(after.startsWith("HTTP/1.1 200"), after);
    }

    /** Lambda's REST-JSON errors: x-amzn-ErrorType names the error, the body carries message/Message (and Type). */
    private static boolean isLambdaError(String head, String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return head.contains("x-amzn-errortype: ") && (node.has("message") || node.has("Message"));
        } catch (IOException notJson) {
            return false;
        }
    }

    private static boolean isJsonWithType(String body) {
        try {
            return JSON.readTree(body).has("__type");
        } catch (IOException notJson) {
            return false;
        }
    }

    private static boolean isJsonWithMessage(String body) {
        try {
            return JSON.readTree(body).has("message");
        } catch (IOException notJson) {
            return false;
        }
    }

    private static byte[] mutate(byte[] body, Random random) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : body) {
            bytes.add(b);
        }
        int mutations = random.nextInt(4);
        for (int m = 0; m < mutations && !bytes.isEmpty(); m++) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(6)) {
                case 0 -> bytes.subList(at, bytes.size()).clear();
                case 1 -> bytes.set(at, (byte) random.nextInt(256));
                case 2 -> bytes.add(at, (byte) 0xC3); // a lone UTF-8 lead byte
                case 3 -> bytes.add(at, (byte) '%');
                case 4 -> bytes.add(at, (byte) (random.nextBoolean() ? '{' : '"'));
                default -> bytes.remove(at);
            }
        }
        byte[] mutated = new byte[bytes.size()];
        for (int i = 0; i < mutated.length; i++) {
            mutated[i] = bytes.get(i);
        }
        return mutated;
    }

    private static String answer(String method, String path, Seed seed, boolean signed, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", edge.port())) {
            socket.setSoTimeout(10_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            if (seed.contentType() != null) {
                head.append("Content-Type: ").append(seed.contentType()).append("\r\n");
            }
            if (seed.target() != null) {
                head.append("X-Amz-Target: ").append(seed.target()).append("\r\n");
            }
            if (signed) {
                head.append("Authorization: ").append(HttpFixture.authorization(seed.service())).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            request.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            request.write(body);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
