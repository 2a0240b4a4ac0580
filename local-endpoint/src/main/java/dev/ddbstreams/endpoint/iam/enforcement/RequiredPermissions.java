package dev.ddbstreams.endpoint.iam.enforcement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.ddbstreams.endpoint.protocol.AwsRequest;
import dev.ddbstreams.endpoint.routing.AwsService;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a request must be authorized for: its IAM action(s) and the resource ARN of each, as the Service Authorization
 * Reference gives them. Action names are the API operation's, prefixed with the service ({@code dynamodb:GetItem})
 * except where a page below says otherwise; the resource is the ARN of the resource the operation names (a table, an
 * index, a stream, a queue, a log group or stream), {@code *} for operations that name none (ListTables, ListQueues).
 * <p>
 * An operation whose resource the endpoint cannot tell (PartiQL statements, Lambda operations other than those below)
 * gives {@link Resolution.Unknown}, which the enforcer refuses with a message saying so: it is never silently allowed.
 *
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html">Actions, resources, and condition keys for Amazon DynamoDB</a>
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html">... for Amazon SQS</a>
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesis.html">... for Amazon Kinesis Data Streams</a>
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html">... for Amazon CloudWatch Logs</a>
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html">... for AWS Lambda</a>
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html">... for AWS STS</a>
 */
public final class RequiredPermissions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();
    /** SQS authorizes each batch operation as its single-message action. */
    private static final Map<String, String> SQS_BATCH = Map.of("SendMessageBatch", "SendMessage",
            "DeleteMessageBatch", "DeleteMessage", "ChangeMessageVisibilityBatch", "ChangeMessageVisibility");
    /** DynamoDB's PartiQL operations authorize per statement kind (dynamodb:PartiQLSelect, ...), not by their own name. */
    private static final Set<String> DYNAMODB_PARTIQL = Set.of("ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction");

    private final String region;
    private final String accountId;

    public RequiredPermissions(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    /** The permissions a request needs, or why the endpoint cannot tell them. */
    public sealed interface Resolution {
        /** Every permission must be allowed for the request to go on. */
        record Needed(List<Permission> permissions) implements Resolution {
            public Needed {
                permissions = List.copyOf(permissions);
            }
        }

        /** The operation needs no permission (GetCallerIdentity). */
        record Free() implements Resolution {
        }

        /** The endpoint does not know what the operation is authorized as. */
        record Unknown(String operation, String why) implements Resolution {
        }
    }

    public Resolution resolve(AwsService service, AwsRequest request, Map<String, String> parameters) {
        return switch (service) {
            case DYNAMODB -> dynamoDb(operation(request, parameters), body(request));
            case DYNAMODB_STREAMS -> dynamoDbStreams(operation(request, parameters), body(request));
            case KINESIS -> kinesis(operation(request, parameters), body(request));
            case SQS -> sqs(request, parameters);
            case LOGS -> logs(operation(request, parameters), body(request));
            case STS -> sts(parameters);
            case LAMBDA -> lambda(request);
            case IAM -> iam(parameters);
            case MONITORING -> cloudWatch(request, parameters);
            default -> new Resolution.Unknown(service.signingName(),
                    "the endpoint does not map " + service.signingName() + " requests to IAM actions and resources");
        };
    }

    // ---- DynamoDB ---------------------------------------------------------------------------------------------

    /**
     * Item and table operations act on the table ARN; Query and Scan with an {@code IndexName} on the index ARN
     * ({@code table/<t>/index/<i>}). BatchGetItem and BatchWriteItem are checked once per table under their own names.
     * Transactions are checked per item under the underlying item action: "Permissions for Put, Update, Delete, and Get
     * actions are governed by the permissions used for the underlying PutItem, UpdateItem, DeleteItem, and GetItem
     * operations. For the ConditionCheck action, you can use the dynamodb:ConditionCheckItem permission."
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html">Using IAM with DynamoDB transactions</a>
     */
    private Resolution dynamoDb(String operation, JsonNode body) {
        if (DYNAMODB_PARTIQL.contains(operation)) {
            return new Resolution.Unknown("dynamodb:" + operation,
                    "PartiQL statements are authorized per statement kind (dynamodb:PartiQLSelect, ...), which the endpoint does not derive");
        }
        List<Permission> needed = new ArrayList<>();
        switch (operation) {
            case "BatchGetItem", "BatchWriteItem" ->
                    body.path("RequestItems").fieldNames().forEachRemaining(table -> needed.add(new Permission("dynamodb:" + operation, tableArn(table))));
            case "TransactGetItems" -> body.path("TransactItems").forEach(item ->
                    needed.add(new Permission("dynamodb:GetItem", tableArn(item.path("Get").path("TableName").asText()))));
            case "TransactWriteItems" -> body.path("TransactItems").forEach(item -> {
                for (Map.Entry<String, String> kind : Map.of("Put", "PutItem", "Update", "UpdateItem", "Delete", "DeleteItem",
                        "ConditionCheck", "ConditionCheckItem").entrySet()) {
                    if (item.has(kind.getKey())) {
                        needed.add(new Permission("dynamodb:" + kind.getValue(), tableArn(item.path(kind.getKey()).path("TableName").asText())));
                    }
                }
            });
            default -> {
                String table = body.path("TableName").asText(null);
                String index = body.path("IndexName").asText(null);
                String resourceArn = body.path("ResourceArn").asText(null);
                String resource = table == null ? (resourceArn == null ? "*" : resourceArn)
                        : (index != null && (operation.equals("Query") || operation.equals("Scan")) ? tableArn(table) + "/index/" + index : tableArn(table));
                needed.add(new Permission("dynamodb:" + operation, resource));
            }
        }
        return new Resolution.Needed(distinct(needed));
    }

    /**
     * DescribeStream and GetShardIterator name the stream ARN; GetRecords carries it in its shard iterator, which, as
     * AWS's, begins with the stream ARN followed by {@code |1|}. ListStreams acts on {@code *}.
     */
    private Resolution dynamoDbStreams(String operation, JsonNode body) {
        String stream = body.path("StreamArn").asText(null);
        if (stream == null && operation.equals("GetRecords")) {
            String iterator = body.path("ShardIterator").asText("");
            int split = iterator.indexOf("|1|");
            stream = split > 0 && iterator.startsWith("arn:") ? iterator.substring(0, split) : null;
        }
        return new Resolution.Needed(List.of(new Permission("dynamodb:" + operation, stream == null ? "*" : stream)));
    }

    private String tableArn(String table) {
        // TableName also accepts the table's ARN.
        return table.startsWith("arn:") ? table : "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + table;
    }

    // ---- Kinesis ----------------------------------------------------------------------------------------------

    /**
     * Stream operations act on the stream ARN ({@code stream/<name>}), given as {@code StreamARN} or {@code StreamName};
     * consumer operations given a {@code ConsumerARN} act on it. GetRecords names the stream only in its shard iterator,
     * which is this project's Kinesis engine's ({@code base64("1|<stream>|...")}); an iterator the engine did not issue
     * is refused by the engine, so it is checked against the account's streams as a whole.
     */
    private Resolution kinesis(String operation, JsonNode body) {
        String resource = firstText(body, "ConsumerARN", "StreamARN", "ResourceARN").orElse(null);
        if (resource == null && body.hasNonNull("StreamName")) {
            resource = streamArn(body.get("StreamName").asText());
        }
        if (resource == null && operation.equals("GetRecords")) {
            resource = kinesisIteratorStream(body.path("ShardIterator").asText("")).map(this::streamArn).orElse(streamArn("*"));
        }
        return new Resolution.Needed(List.of(new Permission("kinesis:" + operation, resource == null ? "*" : resource)));
    }

    private String streamArn(String name) {
        return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + name;
    }

    private static Optional<String> kinesisIteratorStream(String iterator) {
        try {
            String[] parts = new String(Base64.getDecoder().decode(iterator), StandardCharsets.UTF_8).split("\\|");
            return parts.length > 2 && parts[0].equals("1") ? Optional.of(parts[1]) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    // ---- SQS --------------------------------------------------------------------------------------------------

    /**
     * Queue operations act on the queue ARN ({@code arn:aws:sqs:<region>:<account>:<name>}) named by {@code QueueUrl}
     * (or {@code QueueName} for CreateQueue and GetQueueUrl, or the path the query protocol posts to); the batch
     * operations are authorized as their single-message actions ({@code sqs:SendMessage} for SendMessageBatch), as AWS's
     * refusal of a SendMessageBatch names {@code sqs:sendmessage}.
     *
     * @see <a href="https://github.com/aws/serverless-application-model/issues/3633">a recorded SendMessageBatch refusal</a>
     */
    private Resolution sqs(AwsRequest request, Map<String, String> parameters) {
        String operation = operation(request, parameters);
        JsonNode body = request.header("x-amz-target").isPresent() ? body(request) : MissingNode.getInstance();
        String queueUrl = Optional.ofNullable(parameters.get("QueueUrl")).orElse(body.path("QueueUrl").asText(null));
        String queueName = Optional.ofNullable(parameters.get("QueueName")).orElse(body.path("QueueName").asText(null));
        String resource = "*";
        if (queueUrl != null) {
            resource = queueArn(lastPathSegment(queueUrl));
        } else if (queueName != null) {
            resource = queueArn(queueName);
        } else if (request.path().matches("/\\d{12}/[^/]+/?")) {
            resource = queueArn(lastPathSegment(request.path()));
        }
        return new Resolution.Needed(List.of(new Permission("sqs:" + SQS_BATCH.getOrDefault(operation, operation), resource)));
    }

    private String queueArn(String name) {
        return "arn:aws:sqs:" + region + ":" + accountId + ":" + name;
    }

    private static String lastPathSegment(String url) {
        String path;
        try {
            path = Optional.ofNullable(URI.create(url).getPath()).orElse(url);
        } catch (IllegalArgumentException notAUri) {
            path = url;
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    // ---- CloudWatch Logs --------------------------------------------------------------------------------------

    /**
     * CloudWatch Logs authorizes log-stream operations (CreateLogStream, PutLogEvents, GetLogEvents) on
     * {@code log-group:<group>:log-stream:<stream>} and log-group operations on {@code log-group:<group>:log-stream:}
     * (an empty stream name), as AWS's refusals show (e.g. "not authorized to perform: logs:CreateLogStream on resource:
     * arn:aws:logs:us-east-1:...:log-group:/aws/lambda/CRRHourlyMaint:log-stream:2019/12/16/[$LATEST]9f7b...",
     * aws-solutions/aws-crr-monitor#8; "logs:CreateLogGroup on resource: ...:log-group:test-log-group:log-stream:";
     * DescribeLogGroups on "...:log-group::log-stream:", group and stream both empty). This is why policies grant
     * {@code log-group:<group>:*}. The tagging operations act on the {@code resourceArn} given.
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html">CloudWatch Logs resources and operations</a>
     */
    private Resolution logs(String operation, JsonNode body) {
        Optional<String> resourceArn = firstText(body, "resourceArn", "resourceArnPrefix");
        if (resourceArn.isPresent()) {
            return new Resolution.Needed(List.of(new Permission("logs:" + operation, resourceArn.get())));
        }
        Optional<String> group = firstText(body, "logGroupName", "logGroupIdentifier")
                .map(identifier -> identifier.startsWith("arn:") ? logGroupNameOf(identifier) : identifier);
        if (group.isEmpty()) {
            String resource = operation.equals("DescribeLogGroups") ? logArn("", "") : "*";
            return new Resolution.Needed(List.of(new Permission("logs:" + operation, resource)));
        }
        String stream = body.path("logStreamName").asText("");
        return new Resolution.Needed(List.of(new Permission("logs:" + operation, logArn(group.get(), stream))));
    }

    private String logArn(String group, String stream) {
        return "arn:aws:logs:" + region + ":" + accountId + ":log-group:" + group + ":log-stream:" + stream;
    }

    private static String logGroupNameOf(String arn) {
        // arn:aws:logs:<region>:<account>:log-group:<name>[:*]
        int start = arn.indexOf(":log-group:");
        String name = start < 0 ? arn : arn.substring(start + ":log-group:".length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    // ---- STS and Lambda ---------------------------------------------------------------------------------------

    /**
     * GetCallerIdentity needs no permission ("No permissions are required to perform this operation"); AssumeRole
     * acts on the role's ARN.
     *
     * @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html">GetCallerIdentity</a>
     */
    private Resolution sts(Map<String, String> parameters) {
        String action = parameters.getOrDefault("Action", "");
        if (action.equals("GetCallerIdentity")) {
            return new Resolution.Free();
        }
        String resource = Optional.ofNullable(parameters.get("RoleArn")).orElse("*");
        return new Resolution.Needed(List.of(new Permission("sts:" + action, resource)));
    }

    /**
     * Invoke ({@code POST /2015-03-31/functions/<name>/invocations}) acts on the function's ARN as
     * {@code lambda:InvokeFunction}; GetFunction ({@code GET /2015-03-31/functions/<name>}) as {@code lambda:GetFunction};
     * ListFunctions on {@code *}. Other Lambda operations are not mapped.
     */
    private Resolution lambda(AwsRequest request) {
        String[] segments = request.path().split("/");
        // "", "2015-03-31", "functions", name, ...
        if (segments.length >= 3 && segments[2].equals("functions")) {
            if (segments.length == 3 && request.method().equals("GET")) {
                return new Resolution.Needed(List.of(new Permission("lambda:ListFunctions", "*")));
            }
            String function = java.net.URLDecoder.decode(segments[3], StandardCharsets.UTF_8);
            String functionArn = function.startsWith("arn:") ? function
                    : "arn:aws:lambda:" + region + ":" + accountId + ":function:" + function;
            if (segments.length == 5 && segments[4].equals("invocations") && request.method().equals("POST")) {
                return new Resolution.Needed(List.of(new Permission("lambda:InvokeFunction", functionArn)));
            }
            if (segments.length == 4 && request.method().equals("GET")) {
                return new Resolution.Needed(List.of(new Permission("lambda:GetFunction", functionArn)));
            }
        }
        return new Resolution.Unknown("lambda " + request.method() + " " + request.path(),
                "the endpoint maps only Invoke, GetFunction and ListFunctions to Lambda's IAM actions");
    }

    /**
     * IAM actions are the operation's name; role operations act on the role ({@code role/<name>}, without a path: the
     * project's roles have none), policy operations on the policy ARN, the rest on {@code *}.
     *
     * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html">... for IAM</a>
     */
    private Resolution iam(Map<String, String> parameters) {
        String action = parameters.getOrDefault("Action", "");
        String resource = parameters.containsKey("RoleName") ? "arn:aws:iam::" + accountId + ":role/" + parameters.get("RoleName")
                : parameters.getOrDefault("PolicyArn", "*");
        return new Resolution.Needed(List.of(new Permission("iam:" + action, resource)));
    }

    /**
     * CloudWatch alarm operations act on each named alarm ({@code alarm:<name>}), or on {@code alarm:*} when none is
     * named; metric operations (PutMetricData, GetMetricData, ListMetrics) on {@code *}.
     *
     * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html">... for Amazon CloudWatch</a>
     */
    private Resolution cloudWatch(AwsRequest request, Map<String, String> parameters) {
        String operation;
        List<String> alarms = new ArrayList<>();
        if (request.path().startsWith("/service/")) {
            operation = request.path().substring(request.path().lastIndexOf('/') + 1);
            JsonNode body = body(request);
            body.path("AlarmNames").forEach(name -> alarms.add(name.asText()));
            if (body.path("AlarmName").isTextual()) {
                alarms.add(body.get("AlarmName").asText());
            }
        } else {
            operation = operation(request, parameters);
            parameters.forEach((name, value) -> {
                if (name.equals("AlarmName") || name.startsWith("AlarmNames.member.")) {
                    alarms.add(value);
                }
            });
        }
        String alarmPrefix = "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:";
        if (operation.contains("Alarm") && alarms.isEmpty()) {
            alarms.add("*");
        }
        if (alarms.isEmpty()) {
            return new Resolution.Needed(List.of(new Permission("cloudwatch:" + operation, "*")));
        }
        return new Resolution.Needed(alarms.stream().map(name -> new Permission("cloudwatch:" + operation, alarmPrefix + name)).toList());
    }

    // ---- request reading --------------------------------------------------------------------------------------

    /** The operation: the X-Amz-Target suffix for the JSON protocols, the {@code Action} parameter for query. */
    private static String operation(AwsRequest request, Map<String, String> parameters) {
        Optional<String> target = request.header("x-amz-target");
        if (target.isPresent()) {
            String value = target.get();
            return value.substring(value.indexOf('.') + 1);
        }
        return parameters.getOrDefault("Action", "");
    }

    /** The JSON (or CBOR, as the SDK v2 Kinesis client sends) request body; a body that is neither is empty here. */
    private static JsonNode body(AwsRequest request) {
        if (request.body().length == 0) {
            return MissingNode.getInstance();
        }
        String contentType = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        try {
            JsonNode node = contentType.contains("cbor") ? CBOR.readTree(request.body()) : JSON.readTree(request.body());
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException malformed) {
            // The backend answers a malformed body with its own SerializationException.
            return MissingNode.getInstance();
        }
    }

    private static Optional<String> firstText(JsonNode body, String... fields) {
        for (String field : fields) {
            if (body.path(field).isTextual()) {
                return Optional.of(body.get(field).asText());
            }
        }
        return Optional.empty();
    }

    private static List<Permission> distinct(List<Permission> permissions) {
        return List.copyOf(new LinkedHashSet<>(permissions));
    }
}
