package dev.ddbstreams.local.faults;

import dev.ddbstreams.local.faults.FuzzRequest.ErrorShape;
import dev.ddbstreams.local.faults.FuzzRequest.Expect;
import dev.ddbstreams.local.faults.FuzzRequest.Framing;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Generates the HTTP fuzzer's requests against the AWS edge from a seed: valid requests to every service the edge
 * serves, in each protocol it speaks, then mutated in ten categories. Same seed, same requests. Bodies are bounded
 * (at most a few MB; a body over the edge's limit is only announced, never sent).
 *
 * <p>The seeds: AWS JSON with {@code X-Amz-Target} (DynamoDB, DynamoDB Streams, Kinesis, CloudWatch Logs, SQS's JSON
 * protocol, CloudWatch's JSON 1.0), query form posts (IAM, STS, SQS, CloudWatch alarms), Smithy RPC v2 CBOR
 * (CloudWatch), REST-JSON (the Lambda control plane, API Gateway v2) and an HTTP API's own traffic on
 * {@code /_aws/execute-api/<apiId>/...}. Each is sent signed (a SigV4 {@code Authorization} header whose credential
 * scope names the service) or unsigned, at random. {@code {api}} in a target is the id of an HTTP API the fuzzer
 * created first.
 */
public final class EdgeFuzzCorpus {

    /** The categories and their share of the requests. */
    static final Map<String, Double> CATEGORIES = categories();

    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    private static final String JSON_10 = "application/x-amz-json-1.0";
    private static final String JSON_11 = "application/x-amz-json-1.1";
    /** The edge's body limit ({@code EdgeHandler.MAX_BODY_BYTES}, 80 MiB): bodies over it are only announced. */
    private static final long EDGE_BODY_LIMIT = 80L * 1024 * 1024;

    /**
     * A valid request to one service.
     *
     * @param service the SigV4 signing name
     * @param shape   the error shape its protocol answers in
     * @param headers the protocol's headers (Content-Type, X-Amz-Target, smithy-protocol)
     */
    record Seed(String service, String operation, ErrorShape shape, String method, String target,
            List<Map.Entry<String, String>> headers, byte[] body) {

        boolean isJson() {
            return shape == ErrorShape.AWS_JSON && body.length > 0 && (body[0] == '{' || body[0] == '[');
        }

        boolean isForm() {
            return shape == ErrorShape.AWS_QUERY;
        }
    }

    static final List<Seed> SEEDS = seeds();

    private EdgeFuzzCorpus() {
    }

    private static Map<String, Double> categories() {
        Map<String, Double> categories = new LinkedHashMap<>();
        categories.put("valid", 0.06);
        categories.put("body-bytes", 0.16);
        categories.put("wrong-values", 0.14);
        categories.put("deep-nesting", 0.04);
        categories.put("huge-bodies", 0.04);
        categories.put("unknown-operations", 0.08);
        categories.put("content-types", 0.10);
        categories.put("paths", 0.12);
        categories.put("methods", 0.07);
        categories.put("headers", 0.13);
        categories.put("protocol", 0.06);
        return Collections.unmodifiableMap(categories);
    }

    // ---- seeds --------------------------------------------------------------------------------------------

    private static List<Seed> seeds() {
        List<Seed> seeds = new ArrayList<>();
        // DynamoDB and Streams (AWS JSON 1.0), forwarded to the engine.
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/Welcome.html
        json(seeds, "dynamodb", JSON_10, "DynamoDB_20120810", "ListTables", "{\"Limit\":5}");
        json(seeds, "dynamodb", JSON_10, "DynamoDB_20120810", "DescribeTable", "{\"TableName\":\"fuzz-edge\"}");
        json(seeds, "dynamodb", JSON_10, "DynamoDB_20120810", "PutItem",
                "{\"TableName\":\"fuzz-edge\",\"Item\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"12.5\"},\"l\":{\"L\":[{\"S\":\"x\"}]}}}");
        json(seeds, "dynamodb", JSON_10, "DynamoDB_20120810", "GetItem",
                "{\"TableName\":\"fuzz-edge\",\"Key\":{\"pk\":{\"S\":\"a\"}},\"ConsistentRead\":true}");
        json(seeds, "dynamodb", JSON_10, "DynamoDB_20120810", "UpdateItem",
                "{\"TableName\":\"fuzz-edge\",\"Key\":{\"pk\":{\"S\":\"a\"}},\"UpdateExpression\":\"SET #n = if_not_exists(#n, :z) + :one\","
                        + "\"ExpressionAttributeNames\":{\"#n\":\"count\"},\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"},\":z\":{\"N\":\"0\"}}}");
        json(seeds, "dynamodb", JSON_10, "DynamoDB_20120810", "Query",
                "{\"TableName\":\"fuzz-edge\",\"KeyConditionExpression\":\"pk = :p\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"}},\"Limit\":10}");
        json(seeds, "dynamodb", JSON_10, "DynamoDB_20120810", "Scan", "{\"TableName\":\"fuzz-edge\",\"Limit\":3,\"Segment\":0,\"TotalSegments\":2}");
        json(seeds, "dynamodb", JSON_10, "DynamoDB_20120810", "BatchWriteItem",
                "{\"RequestItems\":{\"fuzz-edge\":[{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"b\"},\"b\":{\"B\":\"AAEC\"}}}}]}}");
        json(seeds, "dynamodb", JSON_10, "DynamoDBStreams_20120810", "ListStreams", "{\"TableName\":\"fuzz-edge\",\"Limit\":2}");
        json(seeds, "dynamodb", JSON_10, "DynamoDBStreams_20120810", "GetShardIterator",
                "{\"StreamArn\":\"arn:aws:dynamodb:us-east-1:000000000000:table/fuzz-edge/stream/2026-01-01T00:00:00.000\","
                        + "\"ShardId\":\"shardId-1\",\"ShardIteratorType\":\"TRIM_HORIZON\"}");
        // Kinesis (AWS JSON 1.1). https://docs.aws.amazon.com/kinesis/latest/APIReference/Welcome.html
        json(seeds, "kinesis", JSON_11, "Kinesis_20131202", "ListStreams", "{\"Limit\":10}");
        json(seeds, "kinesis", JSON_11, "Kinesis_20131202", "PutRecord",
                "{\"StreamName\":\"fuzz-edge\",\"Data\":\"aGVsbG8=\",\"PartitionKey\":\"p\"}");
        json(seeds, "kinesis", JSON_11, "Kinesis_20131202", "DescribeStreamSummary", "{\"StreamName\":\"fuzz-edge\"}");
        // CloudWatch Logs (AWS JSON 1.1). https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/Welcome.html
        json(seeds, "logs", JSON_11, "Logs_20140328", "CreateLogGroup", "{\"logGroupName\":\"/fuzz/edge\",\"tags\":{\"a\":\"b\"}}");
        json(seeds, "logs", JSON_11, "Logs_20140328", "PutLogEvents",
                "{\"logGroupName\":\"/fuzz/edge\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":1765000000000,\"message\":\"m\"}]}");
        json(seeds, "logs", JSON_11, "Logs_20140328", "FilterLogEvents",
                "{\"logGroupName\":\"/fuzz/edge\",\"filterPattern\":\"\\\"a b\\\" ?c -d\",\"limit\":5,\"startTime\":0}");
        json(seeds, "logs", JSON_11, "Logs_20140328", "DescribeLogGroups", "{\"logGroupNamePrefix\":\"/fuzz\",\"limit\":5}");
        json(seeds, "logs", JSON_11, "Logs_20140328", "PutRetentionPolicy", "{\"logGroupName\":\"/fuzz/edge\",\"retentionInDays\":7}");
        // SQS over its JSON protocol (AWS JSON 1.0) and its query protocol.
        // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/Welcome.html
        json(seeds, "sqs", JSON_10, "AmazonSQS", "SendMessage",
                "{\"QueueUrl\":\"{queue}\",\"MessageBody\":\"hello\",\"DelaySeconds\":0,\"MessageAttributes\":{\"a\":{\"DataType\":\"String\",\"StringValue\":\"v\"}}}");
        json(seeds, "sqs", JSON_10, "AmazonSQS", "ReceiveMessage", "{\"QueueUrl\":\"{queue}\",\"MaxNumberOfMessages\":2,\"WaitTimeSeconds\":0}");
        json(seeds, "sqs", JSON_10, "AmazonSQS", "GetQueueAttributes", "{\"QueueUrl\":\"{queue}\",\"AttributeNames\":[\"All\"]}");
        form(seeds, "sqs", "CreateQueue", "Action=CreateQueue&Version=2012-11-05&QueueName=fuzz-edge-q&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=30");
        form(seeds, "sqs", "SendMessage", "Action=SendMessage&Version=2012-11-05&QueueUrl={queue-escaped}&MessageBody=hi&DelaySeconds=0");
        form(seeds, "sqs", "ReceiveMessage", "Action=ReceiveMessage&Version=2012-11-05&QueueUrl={queue-escaped}&MaxNumberOfMessages=1&WaitTimeSeconds=0");
        // IAM and STS (query). https://docs.aws.amazon.com/IAM/latest/APIReference/welcome.html
        form(seeds, "iam", "CreateRole", "Action=CreateRole&Version=2010-05-08&RoleName=fuzz-edge-role&AssumeRolePolicyDocument="
                + "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A"
                + "%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D");
        form(seeds, "iam", "GetRole", "Action=GetRole&Version=2010-05-08&RoleName=fuzz-edge-role");
        form(seeds, "iam", "ListRoles", "Action=ListRoles&Version=2010-05-08&MaxItems=2");
        form(seeds, "iam", "PutRolePolicy", "Action=PutRolePolicy&Version=2010-05-08&RoleName=fuzz-edge-role&PolicyName=p&PolicyDocument="
                + "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D");
        form(seeds, "sts", "GetCallerIdentity", "Action=GetCallerIdentity&Version=2011-06-15");
        form(seeds, "sts", "AssumeRole", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Ffuzz-edge-role"
                + "&RoleSessionName=s&DurationSeconds=900");
        // CloudWatch alarms: query, JSON 1.0 and Smithy RPC v2 CBOR.
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/Welcome.html
        form(seeds, "monitoring", "PutMetricAlarm", "Action=PutMetricAlarm&Version=2010-08-01&AlarmName=fuzz-edge&Namespace=n&MetricName=m"
                + "&Statistic=Sum&Period=60&EvaluationPeriods=1&Threshold=1&ComparisonOperator=GreaterThanThreshold&Dimensions.member.1.Name=d"
                + "&Dimensions.member.1.Value=v");
        form(seeds, "monitoring", "DescribeAlarms", "Action=DescribeAlarms&Version=2010-08-01&MaxRecords=5&AlarmNames.member.1=fuzz-edge");
        json(seeds, "monitoring", JSON_10, "GraniteServiceVersion20100801", "DescribeAlarms", "{\"MaxRecords\":5}");
        seeds.add(new Seed("monitoring", "DescribeAlarms (CBOR)", ErrorShape.RPC_V2_CBOR, "POST",
                "/service/GraniteServiceVersion20100801/operation/DescribeAlarms", cborHeaders(), cborMap("MaxRecords", 5)));
        seeds.add(new Seed("monitoring", "DescribeAlarms (CBOR, empty input)", ErrorShape.RPC_V2_CBOR, "POST",
                "/service/GraniteServiceVersion20100801/operation/DescribeAlarms", cborHeaders(), new byte[] {(byte) 0xA0}));
        // The Lambda control plane (REST-JSON). https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html
        rest(seeds, "lambda", "ListFunctions", "GET", "/2015-03-31/functions/?MaxItems=5", "");
        rest(seeds, "lambda", "GetFunction", "GET", "/2015-03-31/functions/fuzz-edge-fn", "");
        rest(seeds, "lambda", "CreateFunction", "POST", "/2015-03-31/functions",
                "{\"FunctionName\":\"fuzz-edge-fn\",\"Runtime\":\"java17\",\"Role\":\"arn:aws:iam::000000000000:role/fuzz-edge-role\","
                        + "\"Handler\":\"a.B::handleRequest\",\"Code\":{\"ZipFile\":\"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\"},\"MemorySize\":256,\"Timeout\":3}");
        rest(seeds, "lambda", "CreateEventSourceMapping", "POST", "/2015-03-31/event-source-mappings/",
                "{\"FunctionName\":\"fuzz-edge-fn\",\"EventSourceArn\":\"arn:aws:sqs:us-east-1:000000000000:fuzz-edge-q\",\"BatchSize\":5}");
        rest(seeds, "lambda", "ListEventSourceMappings", "GET", "/2015-03-31/event-source-mappings/?FunctionName=fuzz-edge-fn", "");
        rest(seeds, "lambda", "AddPermission", "POST", "/2015-03-31/functions/fuzz-edge-fn/policy",
                "{\"StatementId\":\"s1\",\"Action\":\"lambda:InvokeFunction\",\"Principal\":\"apigateway.amazonaws.com\"}");
        rest(seeds, "lambda", "Invoke", "POST", "/2015-03-31/functions/fuzz-edge-missing/invocations", "{\"a\":1}");
        // API Gateway v2 (REST-JSON). https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/api-reference.html
        rest(seeds, "apigateway", "CreateApi", "POST", "/v2/apis", "{\"name\":\"fuzz\",\"protocolType\":\"HTTP\",\"tags\":{\"a\":\"b\"}}");
        rest(seeds, "apigateway", "GetApis", "GET", "/v2/apis?maxResults=5", "");
        rest(seeds, "apigateway", "CreateRoute", "POST", "/v2/apis/{api}/routes", "{\"routeKey\":\"GET /notes/{id}\"}");
        rest(seeds, "apigateway", "CreateStage", "POST", "/v2/apis/{api}/stages",
                "{\"stageName\":\"s1\",\"autoDeploy\":true,\"defaultRouteSettings\":{\"throttlingBurstLimit\":10,\"throttlingRateLimit\":5.0}}");
        rest(seeds, "apigateway", "CreateIntegration", "POST", "/v2/apis/{api}/integrations",
                "{\"integrationType\":\"AWS_PROXY\",\"integrationUri\":\"arn:aws:lambda:us-east-1:000000000000:function:fuzz-edge-fn\","
                        + "\"payloadFormatVersion\":\"2.0\"}");
        rest(seeds, "apigateway", "TagResource", "POST", "/v2/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Fapis%2F{api}",
                "{\"tags\":{\"k\":\"v\"}}");
        // An HTTP API's own traffic (payload 2.0 to a function): whatever its clients send.
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
        executeApi(seeds, "GET", "/_aws/execute-api/{api}/$default/notes?limit=5", "");
        executeApi(seeds, "POST", "/_aws/execute-api/{api}/notes", "{\"title\":\"t\",\"content\":\"c\"}");
        executeApi(seeds, "PUT", "/_aws/execute-api/{api}/s1/notes/n-1?x=%20y", "{\"title\":\"t\"}");
        executeApi(seeds, "DELETE", "/_aws/execute-api/missingapi/notes/1", "");
        return List.copyOf(seeds);
    }

    private static void json(List<Seed> seeds, String service, String contentType, String prefix, String operation,
            String body) {
        seeds.add(new Seed(service, prefix + "." + operation, ErrorShape.AWS_JSON, "POST", "/",
                List.of(Map.entry("Content-Type", contentType), Map.entry("X-Amz-Target", prefix + "." + operation)), utf8(body)));
    }

    private static void form(List<Seed> seeds, String service, String operation, String body) {
        seeds.add(new Seed(service, operation + " (query)", ErrorShape.AWS_QUERY, "POST", "/",
                List.of(Map.entry("Content-Type", FORM)), utf8(body)));
    }

    private static void rest(List<Seed> seeds, String service, String operation, String method, String target, String body) {
        seeds.add(new Seed(service, operation, ErrorShape.AWS_JSON, method, target, body.isEmpty() ? List.of()
                : List.of(Map.entry("Content-Type", "application/json")), utf8(body)));
    }

    private static void executeApi(List<Seed> seeds, String method, String target, String body) {
        seeds.add(new Seed("execute-api", method + " " + target.replaceAll("\\?.*", ""), ErrorShape.AWS_JSON, method, target,
                body.isEmpty() ? List.of() : List.of(Map.entry("Content-Type", "application/json")), utf8(body)));
    }

    private static List<Map.Entry<String, String>> cborHeaders() {
        return List.of(Map.entry("Content-Type", "application/cbor"), Map.entry("Accept", "application/cbor"),
                Map.entry("smithy-protocol", "rpc-v2-cbor"));
    }

    /** A one-entry CBOR map {@code {key: small unsigned int}} (RFC 8949: major types 5, 3 and 0). */
    private static byte[] cborMap(String key, int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xA1);
        byte[] name = utf8(key);
        out.write(0x60 + name.length);
        out.writeBytes(name);
        out.write(value < 24 ? value : 0x18);
        if (value >= 24) {
            out.write(value);
        }
        return out.toByteArray();
    }

    /**
     * A SigV4 {@code Authorization} header whose credential scope names {@code service}. The edge routes by the
     * scope; the signature itself is not checked locally (any well-formed one passes).
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html">Create a signed AWS API request</a>
     */
    static String authorization(String service) {
        return "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261206/us-east-1/" + service
                + "/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=" + "0".repeat(64);
    }

    // ---- generation ---------------------------------------------------------------------------------------

    /** {@code count} requests (every category gets its share), in a seeded random order. */
    public static List<FuzzRequest> generate(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<FuzzRequest> requests = new ArrayList<>();
        int assigned = 0;
        List<String> names = List.copyOf(CATEGORIES.keySet());
        for (int i = 0; i < names.size(); i++) {
            String category = names.get(i);
            int share = i == names.size() - 1 ? count - assigned : (int) Math.round(count * CATEGORIES.get(category));
            assigned += share;
            SplittableRandom own = random.split();
            BiFunction<SplittableRandom, Seed, FuzzRequest> mutation = mutation(category, count);
            for (int n = 0; n < share; n++) {
                requests.add(mutation.apply(own, pick(own, SEEDS)));
            }
        }
        Collections.shuffle(requests, new Random(random.nextLong()));
        return List.copyOf(requests);
    }

    private static BiFunction<SplittableRandom, Seed, FuzzRequest> mutation(String category, int count) {
        return switch (category) {
            case "valid" -> (random, seed) -> request(category, seed, "as is", random, seed.method(), seed.target(),
                    seed.headers(), seed.body(), seed.shape(), Expect.ANY);
            case "body-bytes" -> EdgeFuzzCorpus::bodyBytes;
            case "wrong-values" -> EdgeFuzzCorpus::wrongValues;
            case "deep-nesting" -> EdgeFuzzCorpus::deepNesting;
            case "huge-bodies" -> new HugeBodies(count)::next;
            case "unknown-operations" -> EdgeFuzzCorpus::unknownOperation;
            case "content-types" -> EdgeFuzzCorpus::contentType;
            case "paths" -> EdgeFuzzCorpus::paths;
            case "methods" -> EdgeFuzzCorpus::methods;
            case "headers" -> EdgeFuzzCorpus::headers;
            case "protocol" -> EdgeFuzzCorpus::protocol;
            default -> throw new IllegalArgumentException(category);
        };
    }

    /** The request: signed for the seed's service half of the time (the edge resolves both ways). */
    private static FuzzRequest request(String category, Seed seed, String label, SplittableRandom random, String method,
            String target, List<Map.Entry<String, String>> headers, byte[] body, ErrorShape shape, Expect expect) {
        return request(category, seed, label, random, method, target, headers, body, shape, expect, Framing.CONTENT_LENGTH);
    }

    private static FuzzRequest request(String category, Seed seed, String label, SplittableRandom random, String method,
            String target, List<Map.Entry<String, String>> headers, byte[] body, ErrorShape shape, Expect expect,
            Framing framing) {
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        boolean signed = random.nextBoolean() && !seed.service().equals("execute-api");
        if (signed && all.stream().noneMatch(header -> header.getKey().equalsIgnoreCase("Authorization"))) {
            all.add(Map.entry("Authorization", authorization(seed.service())));
            all.add(Map.entry("X-Amz-Date", "20261206T010000Z"));
        }
        return new FuzzRequest(category, seed.service() + " " + seed.operation() + (signed ? " (signed)" : "") + ": " + label,
                method, utf8(target), all, body, framing, expect, null, shape);
    }

    private static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return FuzzRequest.escape(text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    // ---- categories ---------------------------------------------------------------------------------------

    /** Truncated, flipped, inserted and deleted bytes; lone UTF-8 lead bytes, overlong encodings, stray escapes. */
    private static FuzzRequest bodyBytes(SplittableRandom random, Seed seed) {
        byte[] body = seed.body().length == 0 ? utf8("{\"a\":1}") : seed.body();
        List<Byte> bytes = new ArrayList<>(body.length + 8);
        for (byte b : body) {
            bytes.add(b);
        }
        List<String> done = new ArrayList<>();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && !bytes.isEmpty(); m++) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(9)) {
                case 0 -> {
                    bytes.subList(at, bytes.size()).clear();
                    done.add("truncated at " + at);
                }
                case 1 -> {
                    bytes.set(at, (byte) random.nextInt(256));
                    done.add("byte " + at + " flipped");
                }
                case 2 -> {
                    bytes.add(at, (byte) 0xC3);
                    done.add("lone UTF-8 lead byte");
                }
                case 3 -> {
                    bytes.addAll(at, List.of((byte) 0xC0, (byte) 0xAF));
                    done.add("overlong UTF-8");
                }
                case 4 -> {
                    bytes.addAll(at, List.of((byte) 0xED, (byte) 0xA0, (byte) 0x80));
                    done.add("encoded surrogate");
                }
                case 5 -> {
                    bytes.add(at, (byte) '%');
                    done.add("stray %");
                }
                case 6 -> {
                    byte b = pick(random, new Byte[] {'{', '"', '}', '[', ',', '&', '=', '\\', 0});
                    bytes.add(at, b);
                    done.add("inserted 0x" + Integer.toHexString(b & 0xff));
                }
                case 7 -> {
                    bytes.addAll(at, List.of((byte) '%', (byte) 'F', (byte) 'F', (byte) '%', (byte) 'F', (byte) 'E'));
                    done.add("%FF%FE");
                }
                default -> {
                    bytes.remove(at);
                    done.add("byte " + at + " removed");
                }
            }
        }
        byte[] mutated = new byte[bytes.size()];
        for (int i = 0; i < mutated.length; i++) {
            mutated[i] = bytes.get(i);
        }
        return request("body-bytes", seed, String.join(", ", done), random, seed.method(), seed.target(), seed.headers(),
                mutated, seed.shape(), Expect.ANY);
    }

    private static final String[] WRONG_JSON_VALUES = {"-1", "0", "-9223372036854775809", "9223372036854775808",
        "1e308", "-1e308", "1e999", "99999999999999999999999999999999", "0.0000000000000000000001", "-0", "2147483648",
        "true", "null", "[]", "{}", "\"\"", "\"   \"", "\"-1\"", "\"1e400\"", "\"\\u0000\"", "\"\\ud800\"",
        "\"" + "x".repeat(2_000) + "\"", "\"\u202Eevil\"", "\"../../etc/passwd\"", "\"arn:aws:::\"", "[[[[]]]]",
        "{\"S\":1}", "{\"N\":\"abc\"}", "{\"N\":\"1e999\"}", "{\"B\":\"***\"}", "{\"S\":\"a\",\"N\":\"1\"}", "{\"NULL\":false}"};
    private static final String[] WRONG_FORM_VALUES = {"-1", "0", "99999999999999999999999", "-9223372036854775809",
        "1e308", "NaN", "", "%00", "%FF", "%C3", "%E2%80%AE", "a%zz", "%", "true", "..%2F..%2F",
        "x".repeat(2_000), "arn%3Aaws%3A%3A%3A", "%7B%22a%22", "2147483648"};

    /** One value replaced: huge, negative, fractional, of another type, or a hostile string. */
    private static FuzzRequest wrongValues(SplittableRandom random, Seed seed) {
        String body = new String(seed.body(), StandardCharsets.UTF_8);
        if (seed.isForm()) {
            String[] pairs = body.split("&");
            int at = 1 + random.nextInt(Math.max(1, pairs.length - 1)); // keep Action
            at = Math.min(at, pairs.length - 1);
            String name = pairs[at].contains("=") ? pairs[at].substring(0, pairs[at].indexOf('=')) : pairs[at];
            String value = pick(random, WRONG_FORM_VALUES);
            pairs[at] = name + "=" + value;
            return request("wrong-values", seed, name + "=" + abbreviate(value), random, seed.method(), seed.target(),
                    seed.headers(), utf8(String.join("&", pairs)), seed.shape(), Expect.ANY);
        }
        if (seed.isJson()) {
            // Replace the value after a random member name (the text after "name":), keeping the rest valid.
            List<Integer> colons = new ArrayList<>();
            for (int i = 0; i < body.length() - 1; i++) {
                if (body.charAt(i) == '"' && body.charAt(i + 1) == ':') {
                    colons.add(i + 2);
                }
            }
            if (!colons.isEmpty()) {
                int start = pick(random, colons);
                int end = valueEnd(body, start);
                String value = pick(random, WRONG_JSON_VALUES);
                String mutated = body.substring(0, start) + value + body.substring(end);
                String member = body.substring(body.lastIndexOf('"', start - 3) + 1, start - 2);
                return request("wrong-values", seed, member + ": " + abbreviate(value), random, seed.method(),
                        seed.target(), seed.headers(), utf8(mutated), seed.shape(), Expect.ANY);
            }
        }
        if (seed.shape() == ErrorShape.RPC_V2_CBOR) {
            byte[][] bodies = {
                {(byte) 0xA1, 0x6A, 'M', 'a', 'x', 'R', 'e', 'c', 'o', 'r', 'd', 's', 0x20}, // MaxRecords: -1
                {(byte) 0xA1, 0x6A, 'M', 'a', 'x', 'R', 'e', 'c', 'o', 'r', 'd', 's', 0x61, 'x'}, // MaxRecords: "x"
                {(byte) 0xA1, 0x6A, 'M', 'a', 'x', 'R', 'e', 'c', 'o', 'r', 'd', 's', 0x1B, 0x7F, -1, -1, -1, -1, -1, -1, -1},
                {(byte) 0x9F}, // an indefinite array, never closed
                {(byte) 0xFF}, // a lone break
                {(byte) 0x1C}, // reserved additional information
                {(byte) 0xBF, 0x61, 'a', (byte) 0xF6}, // indefinite map, never closed
                {(byte) 0x7B, 0x7F, -1, -1, -1, -1, -1, -1, -1}, // a text string claiming 2^63 bytes
                {(byte) 0x80}, // an array, not a map
            };
            int which = random.nextInt(bodies.length);
            return request("wrong-values", seed, "CBOR body " + which, random, seed.method(), seed.target(), seed.headers(),
                    bodies[which], seed.shape(), Expect.ANY);
        }
        // A body-less REST call: hostile query values instead.
        String target = seed.target() + (seed.target().contains("?") ? "&" : "?") + pick(random, new String[] {
            "MaxItems=-1", "MaxItems=99999999999999", "maxResults=abc", "Marker=%FF%FE", "Qualifier=%00", "MaxItems=1e3"});
        return request("wrong-values", seed, "query " + abbreviate(target), random, seed.method(), target, seed.headers(),
                seed.body(), seed.shape(), Expect.ANY);
    }

    /** Where the JSON value starting at {@code start} ends (a string, a number/literal, or a balanced container). */
    private static int valueEnd(String json, int start) {
        if (start >= json.length()) {
            return start;
        }
        char first = json.charAt(start);
        if (first == '"') {
            int i = start + 1;
            while (i < json.length() && json.charAt(i) != '"') {
                i += json.charAt(i) == '\\' ? 2 : 1;
            }
            return Math.min(json.length(), i + 1);
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            boolean inString = false;
            for (int i = start; i < json.length(); i++) {
                char c = json.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return i + 1;
                }
            }
            return json.length();
        }
        int i = start;
        while (i < json.length() && ",}]".indexOf(json.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private static FuzzRequest deepNesting(SplittableRandom random, Seed seed) {
        int depth = pick(random, new Integer[] {64, 1_000, 10_000, 100_000});
        if (seed.isJson()) {
            String body = new String(seed.body(), StandardCharsets.UTF_8);
            String nested = switch (random.nextInt(3)) {
                case 0 -> "[".repeat(depth) + "]".repeat(depth);
                case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                default -> "[".repeat(depth);
            };
            String mutated = body.substring(0, body.length() - 1) + (body.length() > 2 ? "," : "") + "\"Nested\":" + nested + "}";
            return request("deep-nesting", seed, "depth " + depth, random, seed.method(), seed.target(), seed.headers(),
                    utf8(mutated), seed.shape(), Expect.ANY);
        }
        if (seed.shape() == ErrorShape.RPC_V2_CBOR) {
            byte[] body = new byte[depth];
            Arrays.fill(body, (byte) 0x81); // arrays of one element, nested
            return request("deep-nesting", seed, "CBOR depth " + depth, random, seed.method(), seed.target(), seed.headers(),
                    body, seed.shape(), Expect.ANY);
        }
        // Query: a member list as deep as the depth (Foo.member.1.member.1...).
        String body = new String(seed.body(), StandardCharsets.UTF_8) + "&Deep" + ".member.1".repeat(Math.min(depth, 5_000)) + "=x";
        return request("deep-nesting", seed, "member depth " + Math.min(depth, 5_000), random, seed.method(), seed.target(),
                seed.headers().isEmpty() ? List.of(Map.entry("Content-Type", FORM)) : seed.headers(), utf8(body),
                seed.headers().isEmpty() ? ErrorShape.AWS_ANY : seed.shape(), Expect.ANY);
    }

    /** Large bodies within a bound: a few MB sent, and a few bodies over the edge's limit only announced. */
    private static final class HugeBodies {
        private int overEdgeLimit = 2;
        private int megabytes;

        HugeBodies(int count) {
            megabytes = Math.max(3, count / 250);
        }

        FuzzRequest next(SplittableRandom random, Seed seed) {
            if (overEdgeLimit > 0) {
                overEdgeLimit--;
                // Announced but not sent: the edge must refuse by the header alone (413), not wait for 80 MB.
                long announced = EDGE_BODY_LIMIT + 1 + random.nextInt(1024 * 1024);
                String head = seed.method() + " " + seed.target().replace("{api}", "missingapi") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\n" + headerLines(seed.headers()) + "Content-Length: " + announced + "\r\n\r\n{\"a\":";
                return new FuzzRequest("huge-bodies", seed.service() + " " + seed.operation() + ": Content-Length "
                        + announced + " announced, 5 bytes sent", seed.method(), utf8("(raw)"), List.of(), null, Framing.RAW,
                        Expect.ANY, head.getBytes(StandardCharsets.ISO_8859_1), ErrorShape.AWS_ANY);
            }
            int size = megabytes > 0 ? 1024 * 1024 + random.nextInt(2 * 1024 * 1024) : 64 * 1024 + random.nextInt(400 * 1024);
            megabytes = Math.max(0, megabytes - 1);
            String filler = "a".repeat(size);
            byte[] body;
            String label;
            if (seed.isJson()) {
                String text = new String(seed.body(), StandardCharsets.UTF_8);
                body = utf8(text.substring(0, text.length() - 1) + (text.length() > 2 ? "," : "") + "\"Big\":\"" + filler + "\"}");
                label = "a " + size + "-byte string member";
            } else if (seed.isForm()) {
                body = utf8(new String(seed.body(), StandardCharsets.UTF_8) + "&Big=" + filler);
                label = "a " + size + "-byte parameter";
            } else {
                body = utf8(filler);
                label = size + " bytes of filler";
            }
            return request("huge-bodies", seed, label, random, seed.method(), seed.target(), seed.headers(), body,
                    seed.isJson() || seed.isForm() ? seed.shape() : ErrorShape.AWS_ANY, Expect.ANY,
                    random.nextInt(4) == 0 ? Framing.CHUNKED : Framing.CONTENT_LENGTH);
        }
    }

    private static String headerLines(List<Map.Entry<String, String>> headers) {
        StringBuilder lines = new StringBuilder();
        headers.forEach(header -> lines.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n"));
        return lines.toString();
    }

    /** Operations, actions and paths the service does not have: each is a 4xx in the service's shape. */
    private static FuzzRequest unknownOperation(SplittableRandom random, Seed seed) {
        String name = pick(random, new String[] {"NoSuchOperation", "", "listTables", "DeleteEverything", "..", "%00",
            "\u00e9t\u00e9", "A".repeat(300)});
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> header : seed.headers()) {
            if (header.getKey().equals("X-Amz-Target")) {
                String value = header.getValue();
                headers.add(Map.entry("X-Amz-Target", random.nextInt(4) == 0 ? "NoSuchService_20990101." + name
                        : value.substring(0, value.indexOf('.') + 1) + name));
            } else {
                headers.add(header);
            }
        }
        String target = seed.target();
        byte[] body = seed.body();
        if (seed.isForm()) {
            String text = new String(body, StandardCharsets.UTF_8);
            body = utf8("Action=" + name + text.substring(text.indexOf('&') < 0 ? text.length() : text.indexOf('&')));
        } else if (seed.shape() == ErrorShape.RPC_V2_CBOR) {
            target = "/service/GraniteServiceVersion20100801/operation/" + (name.isEmpty() ? "x" : name.replace("%", "%25"));
        } else if (seed.headers().stream().noneMatch(header -> header.getKey().equals("X-Amz-Target"))) {
            if (seed.service().equals("execute-api")) {
                target = "/_aws/execute-api/{api}/no/such/route/" + (name.isEmpty() ? "x" : name.replace("%", "%25"));
            } else {
                String[] prefixes = seed.service().equals("lambda")
                        ? new String[] {"/2015-03-31/", "/2015-03-31/functions/fuzz-edge-fn/", "/2017-03-31/", "/2021-10-31/"}
                        : new String[] {"/v2/", "/v2/apis/{api}/", "/v2/domainnames/"};
                target = pick(random, prefixes) + (name.isEmpty() ? "nope" : name.replace("%", "%25")).replace("\u00e9", "%C3%A9");
            }
        }
        // Unknown names are refused; execute-api's unknown routes are a 404 of the HTTP API.
        return request("unknown-operations", seed, "operation " + abbreviate(name), random, seed.method(), target, headers,
                body, seed.shape(), Expect.CLIENT_ERROR);
    }

    private static FuzzRequest contentType(SplittableRandom random, Seed seed) {
        String type = pick(random, new String[] {null, "", "text/plain", "text/html", "application/json",
            "application/x-amz-json-1.0", "application/x-amz-json-1.1", "application/x-amz-json-9.9", FORM,
            "application/x-www-form-urlencoded; charset=latin1", "multipart/form-data; boundary=x", "application/cbor",
            "application/x-amz-cbor-1.1", "application/xml", "*/*", ";", "application/", "APPLICATION/X-AMZ-JSON-1.0",
            "application/x-amz-json-1.0; charset=utf-16", "application/json; charset=\u00e9", " application/json "});
        List<Map.Entry<String, String>> headers = new ArrayList<>(seed.headers().stream()
                .filter(header -> !header.getKey().equals("Content-Type")).toList());
        if (type != null) {
            headers.add(Map.entry("Content-Type", type));
        }
        return request("content-types", seed, "Content-Type " + (type == null ? "(none)" : abbreviate(type)), random,
                seed.method(), seed.target(), headers, seed.body(), ErrorShape.AWS_ANY, Expect.ANY);
    }

    private static FuzzRequest paths(SplittableRandom random, Seed seed) {
        String base = seed.target();
        String target = switch (random.nextInt(14)) {
            case 0 -> "//" + base.substring(1);
            case 1 -> base + (base.contains("?") ? "&" : "?") + "Action=%FF%FE";
            case 2 -> base.replace("/", "/%2F") + "%";
            case 3 -> base + "/%zz";
            case 4 -> "/..%2F..%2Fetc%2Fpasswd";
            case 5 -> base + "/../../..";
            case 6 -> base + ";jsessionid=x";
            case 7 -> base + "#fragment";
            case 8 -> base + (base.contains("?") ? "&" : "?") + "a=%";
            case 9 -> base + "/" + "a".repeat(4_000 + random.nextInt(4_000));
            case 10 -> base + "/%C0%AF%E0%80%AF";
            case 11 -> base + "/%00";
            case 12 -> "/_aws/execute-api/" + pick(random, new String[] {"", "{api}", "{api}/", "UPPER", "%2e%2e", "a b", "{api}/%ZZ"});
            default -> base + (base.contains("?") ? "&" : "?") + "x=" + "%41".repeat(2_000);
        };
        boolean executeApi = target.startsWith("/_aws/execute-api/");
        return request("paths", seed, "target " + abbreviate(target), random, seed.method(), target, seed.headers(),
                seed.body(), executeApi ? ErrorShape.AWS_JSON : ErrorShape.AWS_ANY, Expect.ANY);
    }

    private static FuzzRequest methods(SplittableRandom random, Seed seed) {
        String method = pick(random, new String[] {"GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO",
            "get", "PROPFIND", "QUERY"});
        return request("methods", seed, "method " + method, random, method, seed.target(), seed.headers(), seed.body(),
                ErrorShape.AWS_ANY, Expect.ANY);
    }

    private static FuzzRequest headers(SplittableRandom random, Seed seed) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(seed.headers());
        String label;
        Framing framing = Framing.CONTENT_LENGTH;
        switch (random.nextInt(14)) {
            case 0 -> {
                headers.add(Map.entry("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261206/us-east-1/"
                        + pick(random, new String[] {"s3", "ec2", "", "dynamodb/extra", "%00", "sns"}) + "/aws4_request, Signature=x"));
                label = "Authorization scope of another service";
            }
            case 1 -> {
                headers.add(Map.entry("Authorization", pick(random, new String[] {"AWS4-HMAC-SHA256", "Bearer x",
                    "AWS4-HMAC-SHA256 Credential=", "AWS4-HMAC-SHA256 Credential=/////", "Basic \u00e9\u00e9",
                    "AWS4-HMAC-SHA256 Credential=AKID/notadate/us-east-1/iam/aws4_request"})));
                label = "malformed Authorization";
            }
            case 2 -> {
                headers.add(Map.entry("Authorization", "AWS4-HMAC-SHA256 Credential=" + "K".repeat(6_000)
                        + "/20261206/us-east-1/" + seed.service() + "/aws4_request"));
                label = "Authorization of 6 KB";
            }
            case 3 -> {
                headers.add(Map.entry("X-Amz-Target", pick(random, new String[] {"", ".", "DynamoDB_20120810.",
                    "DynamoDB_20120810.ListTables.Extra", "Logs_20140328.\u00e9", "AmazonSQS.SendMessage"})));
                label = "an (extra) odd X-Amz-Target";
            }
            case 4 -> {
                headers.add(Map.entry("X-Big", "v".repeat(2_000 + random.nextInt(6_000))));
                label = "large header value";
            }
            case 5 -> {
                for (int i = 0; i < 100; i++) {
                    headers.add(Map.entry("X-H" + i, "v" + i));
                }
                label = "100 headers";
            }
            case 6 -> {
                headers.add(Map.entry("Content-Encoding", pick(random, new String[] {"gzip", "br", "deflate", "x-unknown"})));
                label = "Content-Encoding that does not match the body";
            }
            case 7 -> {
                framing = Framing.CHUNKED;
                label = "chunked body";
            }
            case 8 -> {
                headers.add(Map.entry("Expect", "100-continue"));
                label = "Expect: 100-continue";
            }
            case 9 -> {
                headers.add(Map.entry("Host", pick(random, new String[] {"missingapi.execute-api.localhost",
                    "{api}.execute-api.localhost:4566", "", "\u00e9.localhost", "a".repeat(300)})));
                label = "a second, odd Host";
            }
            case 10 -> {
                headers.add(Map.entry("X-Amz-Date", pick(random, new String[] {"yesterday", "", "99999999T999999Z"})));
                headers.add(Map.entry("X-Amz-Security-Token", "\u00e9".repeat(10)));
                label = "odd X-Amz-Date and token";
            }
            case 11 -> {
                headers.add(Map.entry("smithy-protocol", pick(random, new String[] {"rpc-v2-cbor", "rpc-v9", ""})));
                label = "smithy-protocol on a non-CBOR request";
            }
            case 12 -> {
                headers.add(Map.entry("X-Amz-Invocation-Type", pick(random, new String[] {"Event", "DryRun", "Nope", ""})));
                headers.add(Map.entry("X-Amz-Log-Type", "Tail"));
                headers.add(Map.entry("X-Amz-Client-Context", pick(random, new String[] {"!!", "e30=", "x".repeat(4_000)})));
                label = "Lambda invocation headers";
            }
            default -> {
                headers.add(Map.entry("Accept", pick(random, new String[] {"text/html", "application/cbor", "*/*;q=0", "image/png"})));
                label = "odd Accept";
            }
        }
        return request("headers", seed, label, random, seed.method(), seed.target(), headers, seed.body(),
                ErrorShape.AWS_ANY, Expect.ANY, framing);
    }

    /** Requests that break HTTP/1.1's own syntax; the edge's HTTP server may refuse them before the edge sees them. */
    private static FuzzRequest protocol(SplittableRandom random, Seed seed) {
        String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: " + JSON_10
                + "\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n";
        String[][] messages = {
            {"invalid chunk size", head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"},
            {"chunk longer than sent", head + "Transfer-Encoding: chunked\r\n\r\nff\r\n{}\r\n0\r\n\r\n"},
            {"negative Content-Length", head + "Content-Length: -5\r\n\r\n{}"},
            {"non-numeric Content-Length", head + "Content-Length: abc\r\n\r\n{}"},
            {"two different Content-Lengths", head + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}x"},
            {"Transfer-Encoding and Content-Length", head + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
            {"header without colon", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nno-colon-here\r\nConnection: close\r\n\r\n"},
            {"space in a header name", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Name: x\r\nConnection: close\r\n\r\n"},
            {"NUL in the target", "GET /2015-03-31/functions/\u0000 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"absolute-form target", "GET http://evil.example/v2/apis HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"asterisk-form target", "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"HTTP/1.0 without Host", "POST / HTTP/1.0\r\nContent-Type: " + FORM + "\r\nContent-Length: 24\r\n\r\nAction=GetCallerIdentity"},
            {"unknown version", "GET /v2/apis HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"bare LF line ends", "GET /v2/apis HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n"},
            {"obsolete line folding", "GET /v2/apis HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Folded: a\r\n b\r\nConnection: close\r\n\r\n"},
            {"request line of 100 KB", "GET /v2/apis/" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
            {"not HTTP (a TLS hello)", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n"},
            {"unknown transfer coding", head + "Transfer-Encoding: gzip\r\n\r\n{}"},
            {"headers of 40 KB", "GET /v2/apis HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Big: " + "v".repeat(40_000) + "\r\n\r\n"},
            {"PRI (HTTP/2 preface) over HTTP/1.1", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"},
            {"form body shorter than announced", "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: " + FORM
                + "\r\nContent-Length: 100\r\n\r\nAction=ListRoles"},
            {"CBOR body shorter than announced", "POST /service/GraniteServiceVersion20100801/operation/DescribeAlarms HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nConnection: close\r\nsmithy-protocol: rpc-v2-cbor\r\nContent-Type: application/cbor\r\n"
                + "Content-Length: 50\r\n\r\n\u00a1"},
        };
        String[] message = pick(random, messages);
        byte[] raw = message[1].getBytes(StandardCharsets.ISO_8859_1);
        return new FuzzRequest("protocol", seed.service() + ": " + message[0], message[1].substring(0,
                Math.max(0, message[1].indexOf(' '))), utf8("(raw)"), List.of(), null, Framing.RAW, Expect.ANY, raw,
                ErrorShape.AWS_ANY);
    }
}
