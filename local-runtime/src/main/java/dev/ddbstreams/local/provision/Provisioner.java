package dev.ddbstreams.local.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ddbstreams.local.wiring.FunctionSpec;
import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.SourceSpec;
import dev.ddbstreams.local.wiring.SourceType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.Filter;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.LogFormat;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.TracingMode;
import dev.ddbstreams.local.wiring.KeySpec;
import dev.ddbstreams.local.wiring.QueueSpec;
import dev.ddbstreams.local.wiring.TableSpec;
import dev.ddbstreams.local.wiring.Wiring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Creates the wiring's resources through AWS APIs: every table (with its stream and TTL), queue (dead-letter queues
 * first, then redrive policies) and Kinesis stream, and, given the clients for them, each function's IAM role (trusting
 * {@code lambda.amazonaws.com}, with the least-privilege policy Terraform's modules derive from the wiring), its log
 * group, the function itself (its module's jar as the deployment package) and the event source mappings (tagged
 * {@code ddbstreams:mapping=<wiring name>}). Pointed at the local AWS endpoint, this is how {@code make run} provisions:
 * as a client of the endpoint, like Terraform.
 *
 * <p>Idempotent: what already exists (a restart on persisted data) is found and kept; a function's code is uploaded
 * again only when its jar's SHA-256 differs from the stored {@code CodeSha256}, its configuration only when it differs;
 * a mapping is found by its tag.
 */
public final class Provisioner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration KINESIS_ACTIVE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration LAMBDA_READY_TIMEOUT = Duration.ofSeconds(60);
    /** The tag naming a mapping after the wiring (see EventSourceMappingDefinition.WIRING_NAME_TAG). */
    static final String MAPPING_TAG = "ddbstreams:mapping";
    static final String POLICY_NAME = "least-privilege";
    static final String FUNCTION_RUNTIME = "java21";
    /** The HTTP API's name, Terraform's without its environment prefix. */
    static final String HTTP_API_NAME = "http-api";

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final KinesisClient kinesis;
    private final IamClient iam;
    private final LambdaClient lambda;
    private final CloudWatchLogsClient logs;
    private final ApiGatewayV2Client apiGateway;
    private final Path repositoryRoot;
    private final String region;
    private final String accountId;
    private final Consumer<String> progress;
    private final Map<String, String> tableArns = new HashMap<>();

    /**
     * @param kinesis  {@code null} when no Kinesis emulator is available: Kinesis streams are then reported
     *                 unavailable
     * @param progress receives one line per resource created or found
     */
    public Provisioner(DynamoDbClient dynamoDb, SqsClient sqs, KinesisClient kinesis, Consumer<String> progress) {
        this(dynamoDb, sqs, kinesis, null, null, null, null, null, "us-east-1", "000000000000", progress);
    }

    /**
     * Everything of the wiring: tables, streams, queues, roles, log groups, functions (from
     * {@code <repositoryRoot>/<module>/target/<module>.jar}) and mappings.
     */
    public Provisioner(ProvisioningClients clients, Path repositoryRoot, String region, String accountId,
            Consumer<String> progress) {
        this(clients.dynamoDb(), clients.sqs(), clients.kinesis(), clients.iam(), clients.lambda(), clients.logs(),
                clients.apiGateway(), repositoryRoot, region, accountId, progress);
    }

    private Provisioner(DynamoDbClient dynamoDb, SqsClient sqs, KinesisClient kinesis, IamClient iam, LambdaClient lambda,
            CloudWatchLogsClient logs, ApiGatewayV2Client apiGateway, Path repositoryRoot, String region, String accountId,
            Consumer<String> progress) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.kinesis = kinesis;
        this.iam = iam;
        this.lambda = lambda;
        this.logs = logs;
        this.apiGateway = apiGateway;
        this.repositoryRoot = repositoryRoot;
        this.region = region;
        this.accountId = accountId;
        this.progress = progress;
    }

    public ProvisionedResources provision(Wiring wiring) {
        Map<String, String> streamArns = new HashMap<>();
        wiring.tables().forEach((name, spec) -> {
            String streamArn = ensureTable(name, spec);
            if (streamArn != null) {
                streamArns.put(name, streamArn);
            }
        });
        Map<String, QueueRef> queues = ensureQueues(wiring.queues());
        List<String> unavailable = new ArrayList<>();
        Map<String, String> kinesisArns = new HashMap<>();
        wiring.kinesisStreams().forEach((name, spec) -> {
            if (kinesis == null) {
                unavailable.add("Kinesis stream " + name + ": no Kinesis (--no-kinesis)");
            } else {
                kinesisArns.put(name, ensureKinesisStream(name, spec.shardCount()));
            }
        });
        if (lambda == null) {
            return new ProvisionedResources(streamArns, queues, kinesisArns, unavailable);
        }
        FunctionProvisioning functions = new FunctionProvisioning(wiring, streamArns, queues, kinesisArns, unavailable);
        Map<String, String> functionArns = functions.ensureFunctions();
        Map<String, String> mappingUuids = functions.ensureMappings(functionArns);
        if (apiGateway != null && !wiring.httpApi().routes().isEmpty()) {
            functions.ensureHttpApi(functionArns);
        }
        return new ProvisionedResources(streamArns, queues, kinesisArns, unavailable, functionArns, mappingUuids);
    }

    private String ensureTable(String name, TableSpec spec) {
        TableDescription table = describeTable(name);
        if (table == null) {
            List<KeySchemaElement> keys = new ArrayList<>();
            List<AttributeDefinition> attributes = new ArrayList<>();
            addKey(spec.hashKey(), KeyType.HASH, keys, attributes);
            if (spec.rangeKey() != null) {
                addKey(spec.rangeKey(), KeyType.RANGE, keys, attributes);
            }
            CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name)
                    .keySchema(keys).attributeDefinitions(attributes).billingMode(BillingMode.PAY_PER_REQUEST);
            if (spec.streamViewType() != null) {
                request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(spec.streamViewType()).build());
            }
            table = dynamoDb.createTable(request.build()).tableDescription();
            if (spec.ttlAttribute() != null) {
                // The engine expires items past their TTL attribute, as DynamoDB does (REMOVE records by the service).
                dynamoDb.updateTimeToLive(b -> b.tableName(name)
                        .timeToLiveSpecification(t -> t.enabled(true).attributeName(spec.ttlAttribute())));
            }
            progress.accept("table " + name + " created" + streamNote(spec));
            tableArns.put(name, table.tableArn());
        } else {
            progress.accept("table " + name + " found" + streamNote(spec));
            tableArns.put(name, table.tableArn());
            if (spec.streamViewType() != null && table.latestStreamArn() == null) {
                throw new IllegalStateException("Table " + name + " exists without a stream but the wiring declares "
                        + spec.streamViewType() + "; delete the data directory (or run with --in-memory) to recreate it");
            }
        }
        return spec.streamViewType() == null ? null : table.latestStreamArn();
    }

    private static String streamNote(TableSpec spec) {
        return spec.streamViewType() == null ? "" : " (stream " + spec.streamViewType() + ")";
    }

    private TableDescription describeTable(String name) {
        try {
            return dynamoDb.describeTable(b -> b.tableName(name)).table();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private static void addKey(KeySpec key, KeyType type, List<KeySchemaElement> keys, List<AttributeDefinition> attributes) {
        keys.add(KeySchemaElement.builder().attributeName(key.name()).keyType(type).build());
        attributes.add(AttributeDefinition.builder().attributeName(key.name()).attributeType(key.type()).build());
    }

    private Map<String, QueueRef> ensureQueues(Map<String, QueueSpec> specs) {
        Map<String, QueueRef> queues = new LinkedHashMap<>();
        // Dead-letter queues first: a redrive policy names its target by ARN.
        specs.forEach((name, spec) -> {
            if (spec.deadLetterQueue() == null) {
                queues.put(name, ensureQueue(name, spec, null));
            }
        });
        specs.forEach((name, spec) -> {
            if (spec.deadLetterQueue() != null) {
                queues.put(name, ensureQueue(name, spec, queues.get(spec.deadLetterQueue())));
            }
        });
        return queues;
    }

    private QueueRef ensureQueue(String name, QueueSpec spec, QueueRef deadLetterQueue) {
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        if (spec.visibilityTimeoutSeconds() != null) {
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, spec.visibilityTimeoutSeconds().toString());
        }
        if (spec.messageRetentionSeconds() != null) {
            attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, spec.messageRetentionSeconds().toString());
        }
        if (deadLetterQueue != null) {
            ObjectNode redrive = JSON.createObjectNode()
                    .put("deadLetterTargetArn", deadLetterQueue.arn())
                    .put("maxReceiveCount", spec.maxReceiveCount().toString());
            attributes.put(QueueAttributeName.REDRIVE_POLICY, redrive.toString());
        }
        String url = existingQueueUrl(name);
        if (url == null) {
            url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
            progress.accept("queue " + name + " created" + (deadLetterQueue == null ? "" : " (redrive to "
                    + spec.deadLetterQueue() + " after " + spec.maxReceiveCount() + " receives)"));
        } else {
            String existing = url;
            // Keep a persisted queue in step with the wiring (visibility, retention, redrive may have changed).
            if (!attributes.isEmpty()) {
                sqs.setQueueAttributes(b -> b.queueUrl(existing).attributes(attributes));
            }
            progress.accept("queue " + name + " found");
        }
        String queueUrl = url;
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new QueueRef(url, arn);
    }

    private String existingQueueUrl(String name) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            return null;
        }
    }

    private String ensureKinesisStream(String name, int shardCount) {
        boolean exists = kinesis.listStreams().streamNames().contains(name);
        if (!exists) {
            kinesis.createStream(b -> b.streamName(name).shardCount(shardCount));
        }
        long deadline = System.nanoTime() + KINESIS_ACTIVE_TIMEOUT.toNanos();
        while (true) {
            var summary = kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
            if (summary.streamStatus() == StreamStatus.ACTIVE) {
                progress.accept("Kinesis stream " + name + (exists ? " found" : " created") + " (" + shardCount + " shard"
                        + (shardCount == 1 ? "" : "s") + ")");
                return summary.streamARN();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kinesis stream " + name + " did not become ACTIVE within "
                        + KINESIS_ACTIVE_TIMEOUT.toSeconds() + " s (status " + summary.streamStatus() + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Kinesis stream " + name, e);
            }
        }
    }

    /** Roles, log groups, functions and mappings: the wiring's Lambda side, through IAM, Logs and Lambda's APIs. */
    private final class FunctionProvisioning {
        private static final int FUNCTIONS_IN_FLIGHT = 3;

        private final Wiring wiring;
        private final Map<String, String> streamArns;
        private final Map<String, QueueRef> queues;
        private final Map<String, String> kinesisArns;
        private final List<String> unavailable;
        private final Map<Path, String> jarSha256 = new ConcurrentHashMap<>();

        FunctionProvisioning(Wiring wiring, Map<String, String> streamArns, Map<String, QueueRef> queues,
                Map<String, String> kinesisArns, List<String> unavailable) {
            this.wiring = wiring;
            this.streamArns = streamArns;
            this.queues = queues;
            this.kinesisArns = kinesisArns;
            this.unavailable = unavailable;
        }

        /**
         * Each function with its log group and role; {@value #FUNCTIONS_IN_FLIGHT} at a time, as an upload spends its
         * time base64-encoding on this side and decoding on the endpoint's, which two cores can do at once.
         */
        Map<String, String> ensureFunctions() {
            Map<String, Future<String>> pending = new TreeMap<>();
            ExecutorService uploads = Executors.newFixedThreadPool(FUNCTIONS_IN_FLIGHT, runnable -> {
                Thread thread = new Thread(runnable, "provision-function");
                thread.setDaemon(true);
                return thread;
            });
            try {
                for (String name : new TreeSet<>(wiring.functions().keySet())) {
                    FunctionSpec spec = wiring.functions().get(name);
                    Path jar = repositoryRoot.resolve(spec.module()).resolve("target").resolve(spec.module() + ".jar");
                    if (!Files.isRegularFile(jar)) {
                        unavailable.add("function " + name + ": its jar " + jar + " does not exist; `make build` builds it");
                        continue;
                    }
                    pending.put(name, uploads.submit(() -> {
                        String logGroup = "/aws/lambda/" + name;
                        ensureLogGroup(logGroup);
                        String roleArn = ensureRole(name, policy(name, spec, logGroup));
                        return ensureFunction(name, spec, jar, roleArn, logGroup);
                    }));
                }
                Map<String, String> arns = new TreeMap<>();
                for (Map.Entry<String, Future<String>> function : pending.entrySet()) {
                    arns.put(function.getKey(), result(function.getValue()));
                }
                for (String name : arns.keySet()) {
                    awaitFunctionReady(name);
                }
                return arns;
            } finally {
                uploads.shutdownNow();
            }
        }

        private static String result(Future<String> provisioned) {
            try {
                return provisioned.get();
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new IllegalStateException(failed.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while provisioning functions", e);
            }
        }

        /** @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html">Lambda execution role</a> */
        private String ensureRole(String name, String policy) {
            String trust = JSON.createObjectNode().put("Version", "2012-10-17").set("Statement", JSON.createArrayNode()
                    .add(JSON.createObjectNode().put("Sid", "LambdaAssumesRole").put("Effect", "Allow")
                            .put("Action", "sts:AssumeRole")
                            .set("Principal", JSON.createObjectNode().put("Service", "lambda.amazonaws.com"))))
                    .toString();
            String arn;
            try {
                arn = iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(trust)).role().arn();
                progress.accept("role " + name + " created (trusts lambda.amazonaws.com)");
            } catch (EntityAlreadyExistsException exists) {
                arn = iam.getRole(b -> b.roleName(name)).role().arn();
                progress.accept("role " + name + " found");
            }
            // Replaces the policy of that name: the wiring's permissions are what the role may do, after a restart too.
            iam.putRolePolicy(b -> b.roleName(name).policyName(POLICY_NAME).policyDocument(policy));
            return arn;
        }

        /**
         * The least-privilege policy Terraform's modules derive from the wiring (modules/function and
         * modules/scenario): write its own log group, X-Ray, the {@code permissions} on the tables and queues named,
         * the read actions of each of its event sources on that source, and SendMessage on each on-failure queue.
         */
        String policy(String name, FunctionSpec spec, String logGroup) {
            ArrayNode statements = JSON.createArrayNode();
            statements.add(statement("WriteOwnLogGroup", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                    List.of("arn:aws:logs:" + region + ":" + accountId + ":log-group:" + logGroup + ":*")));
            statements.add(statement("XRayTracing", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                    List.of("*")));
            new TreeMap<>(spec.permissions().tables()).forEach((table, actions) -> statements.add(statement(
                    "Table" + sid(table), actions, List.of(tableArn(table)))));
            new TreeMap<>(spec.permissions().queues()).forEach((queue, actions) -> statements.add(statement(
                    "Queue" + sid(queue), actions, List.of(queueArn(queue)))));
            for (String mappingName : wiring.mappingNames()) {
                MappingSpec mapping = wiring.mappings().get(mappingName);
                if (!mapping.function().equals(name)) {
                    continue;
                }
                String source = sourceArn(mapping.source());
                if (source != null) {
                    statements.add(statement("ReadSource" + sid(mappingName), SOURCE_READ_ACTIONS.get(mapping.source().type()),
                            List.of(source)));
                }
                if (mapping.onFailureQueue() != null) {
                    statements.add(statement("OnFailure" + sid(mappingName), List.of("sqs:SendMessage"),
                            List.of(queueArn(mapping.onFailureQueue()))));
                }
            }
            ObjectNode document = JSON.createObjectNode().put("Version", "2012-10-17");
            document.set("Statement", statements);
            return document.toString();
        }

        private ObjectNode statement(String sid, List<String> actions, List<String> resources) {
            ObjectNode statement = JSON.createObjectNode().put("Sid", sid).put("Effect", "Allow");
            ArrayNode action = statement.putArray("Action");
            actions.forEach(action::add);
            ArrayNode resource = statement.putArray("Resource");
            resources.forEach(resource::add);
            return statement;
        }

        private String tableArn(String table) {
            return tableArns.getOrDefault(table, "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + table);
        }

        private String queueArn(String queue) {
            QueueRef ref = queues.get(queue);
            return ref != null ? ref.arn() : "arn:aws:sqs:" + region + ":" + accountId + ":" + queue;
        }

        /** The source's ARN, {@code null} when it was not provisioned (Kinesis disabled). */
        private String sourceArn(SourceSpec source) {
            return switch (source.type()) {
                case DYNAMODB -> streamArns.get(source.table());
                case KINESIS -> kinesisArns.get(source.stream());
                case SQS -> queueArn(source.queue());
            };
        }

        private void ensureLogGroup(String name) {
            try {
                logs.createLogGroup(b -> b.logGroupName(name));
                progress.accept("log group " + name + " created");
            } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException exists) {
                progress.accept("log group " + name + " found");
            }
        }

        /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html">CreateFunction</a> */
        private String ensureFunction(String name, FunctionSpec spec, Path jar, String roleArn, String logGroup) {
            // Several functions share a jar: hash each jar once, and read its bytes only to upload them.
            String codeSha256 = jarSha256.computeIfAbsent(jar, Provisioner::sha256Base64);
            Map<String, String> environment = environment(spec);
            FunctionConfiguration existing;
            try {
                existing = lambda.getFunction(b -> b.functionName(name)).configuration();
            } catch (software.amazon.awssdk.services.lambda.model.ResourceNotFoundException absent) {
                existing = null;
            }
            if (existing == null) {
                byte[] code = read(jar); // handed to the SDK uncopied (fromByteArrayUnsafe): nothing else holds it
                String arn = lambda.createFunction(b -> b.functionName(name).runtime(FUNCTION_RUNTIME).role(roleArn)
                        .handler(spec.handler()).memorySize(spec.memoryMb()).timeout(spec.timeoutSeconds())
                        .environment(e -> e.variables(environment))
                        .code(c -> c.zipFile(SdkBytes.fromByteArrayUnsafe(code)))
                        .tracingConfig(t -> t.mode(TracingMode.ACTIVE))
                        .loggingConfig(l -> l.logFormat(LogFormat.TEXT).logGroup(logGroup))).functionArn();
                progress.accept("function " + name + " created (" + jar.getFileName() + ", " + code.length / 1024 + " KiB)");
                return arn;
            }
            List<String> changes = new ArrayList<>();
            if (!codeSha256.equals(existing.codeSha256())) {
                awaitFunctionReady(name);
                lambda.updateFunctionCode(b -> b.functionName(name).zipFile(SdkBytes.fromByteArrayUnsafe(read(jar))));
                changes.add("new code");
            }
            Map<String, String> current = existing.environment() == null ? Map.of() : existing.environment().variables();
            if (!spec.handler().equals(existing.handler()) || spec.memoryMb() != existing.memorySize()
                    || spec.timeoutSeconds() != existing.timeout() || !environment.equals(current)
                    || !roleArn.equals(existing.role())) {
                awaitFunctionReady(name);
                lambda.updateFunctionConfiguration(b -> b.functionName(name).role(roleArn).handler(spec.handler())
                        .memorySize(spec.memoryMb()).timeout(spec.timeoutSeconds())
                        .environment(e -> e.variables(environment)));
                changes.add("new configuration");
            }
            progress.accept("function " + name + (changes.isEmpty() ? " found" : " updated (" + String.join(", ", changes) + ")"));
            return existing.functionArn();
        }

        /** The function's variables, references resolved: a table's name, a queue's URL, a literal. */
        private Map<String, String> environment(FunctionSpec spec) {
            Map<String, String> environment = new TreeMap<>();
            spec.environment().forEach((variable, value) -> environment.put(variable, value.table() != null ? value.table()
                    : value.queueUrl() != null ? queues.get(value.queueUrl()).url() : value.value()));
            return environment;
        }

        /** Waits until the function is Active and no update is in progress (Lambda refuses changes meanwhile). */
        private void awaitFunctionReady(String name) {
            long deadline = System.nanoTime() + LAMBDA_READY_TIMEOUT.toNanos();
            while (true) {
                var configuration = lambda.getFunctionConfiguration(b -> b.functionName(name));
                if (configuration.state() == State.FAILED) {
                    throw new IllegalStateException("function " + name + " failed: " + configuration.stateReason());
                }
                if (configuration.state() == State.ACTIVE && configuration.lastUpdateStatus() != LastUpdateStatus.IN_PROGRESS) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("function " + name + " is not Active after "
                            + LAMBDA_READY_TIMEOUT.toSeconds() + " s (state " + configuration.stateAsString() + ")");
                }
                pause(50);
            }
        }

        Map<String, String> ensureMappings(Map<String, String> functionArns) {
            Map<String, String> uuids = new TreeMap<>();
            for (String name : wiring.mappingNames()) {
                MappingSpec mapping = wiring.mappings().get(name);
                if (!functionArns.containsKey(mapping.function())) {
                    unavailable.add("mapping " + name + ": its function " + mapping.function() + " is unavailable");
                    continue;
                }
                String source = sourceArn(mapping.source());
                if (source == null) {
                    unavailable.add("mapping " + name + ": its source " + mapping.source().stream() + " is unavailable");
                    continue;
                }
                uuids.put(name, ensureMapping(name, mapping, source));
            }
            uuids.values().forEach(this::awaitMappingEnabled);
            return uuids;
        }

        /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html">CreateEventSourceMapping</a> */
        private String ensureMapping(String name, MappingSpec mapping, String sourceArn) {
            boolean stream = mapping.source().type().isStream();
            String destination = stream && mapping.onFailureQueue() != null ? queueArn(mapping.onFailureQueue()) : null;
            List<Filter> filters = mapping.filters().stream().map(filter -> Filter.builder().pattern(filter.toString()).build())
                    .toList();
            EventSourceMappingConfiguration existing = findMapping(name, mapping.function());
            if (existing != null && !sourceArn.equals(existing.eventSourceArn())) {
                // A table recreated has a new stream: the old mapping reads nothing any more.
                lambda.deleteEventSourceMapping(b -> b.uuid(existing.uuid()));
                progress.accept("mapping " + name + " deleted (its source changed)");
            } else if (existing != null) {
                if (!sameSettings(existing, mapping, destination, filters)) {
                    lambda.updateEventSourceMapping(b -> {
                        b.uuid(existing.uuid()).batchSize(mapping.batchSize())
                                .maximumBatchingWindowInSeconds(mapping.maximumBatchingWindowInSeconds())
                                .filterCriteria(f -> f.filters(filters))
                                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES);
                        if (stream) {
                            b.maximumRetryAttempts(mapping.maximumRetryAttempts())
                                    .bisectBatchOnFunctionError(mapping.bisectBatchOnFunctionError())
                                    .maximumRecordAgeInSeconds(mapping.maximumRecordAgeInSeconds())
                                    .destinationConfig(d -> d.onFailure(o -> o.destination(destination)));
                        }
                    });
                    progress.accept("mapping " + name + " updated (" + existing.uuid() + ")");
                } else {
                    progress.accept("mapping " + name + " found (" + existing.uuid() + ")");
                }
                return existing.uuid();
            }
            String uuid = lambda.createEventSourceMapping(b -> {
                b.functionName(mapping.function()).eventSourceArn(sourceArn).batchSize(mapping.batchSize())
                        .maximumBatchingWindowInSeconds(mapping.maximumBatchingWindowInSeconds())
                        .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)
                        .tags(Map.of(MAPPING_TAG, name));
                if (!filters.isEmpty()) {
                    b.filterCriteria(f -> f.filters(filters));
                }
                if (stream) {
                    b.startingPosition(mapping.startingPosition())
                            .maximumRetryAttempts(mapping.maximumRetryAttempts())
                            .bisectBatchOnFunctionError(mapping.bisectBatchOnFunctionError())
                            .maximumRecordAgeInSeconds(mapping.maximumRecordAgeInSeconds());
                    if (destination != null) {
                        b.destinationConfig(d -> d.onFailure(o -> o.destination(destination)));
                    }
                }
            }).uuid();
            progress.accept("mapping " + name + " created (" + uuid + ")");
            return uuid;
        }

        private boolean sameSettings(EventSourceMappingConfiguration existing, MappingSpec mapping, String destination,
                List<Filter> filters) {
            List<String> patterns = existing.filterCriteria() == null ? List.of()
                    : existing.filterCriteria().filters().stream().map(Filter::pattern).toList();
            String existingDestination = existing.destinationConfig() == null || existing.destinationConfig().onFailure() == null
                    ? null : existing.destinationConfig().onFailure().destination();
            boolean same = existing.batchSize() == mapping.batchSize()
                    && Objects.equals(existing.maximumBatchingWindowInSeconds(), mapping.maximumBatchingWindowInSeconds())
                    && patterns.equals(filters.stream().map(Filter::pattern).toList());
            if (mapping.source().type().isStream()) {
                same &= Objects.equals(existing.maximumRetryAttempts(), mapping.maximumRetryAttempts())
                        && Objects.equals(existing.bisectBatchOnFunctionError(), mapping.bisectBatchOnFunctionError())
                        && Objects.equals(existing.maximumRecordAgeInSeconds(), mapping.maximumRecordAgeInSeconds())
                        && Objects.equals(existingDestination, destination);
            }
            return same;
        }

        /** The function's mapping tagged with this wiring name, if there is one. */
        private EventSourceMappingConfiguration findMapping(String name, String function) {
            for (EventSourceMappingConfiguration candidate : lambda.listEventSourceMappingsPaginator(
                    b -> b.functionName(function)).eventSourceMappings()) {
                Map<String, String> tags = lambda.listTags(b -> b.resource(candidate.eventSourceMappingArn())).tags();
                if (name.equals(tags.get(MAPPING_TAG))) {
                    return candidate;
                }
            }
            return null;
        }

        /**
         * The wiring's HTTP API in API Gateway, as Terraform's http-api module creates it: an HTTP API named
         * {@value #HTTP_API_NAME}, one AWS_PROXY integration (payload format 2.0) per function, the routes, the
         * {@code $default} stage (auto-deployed, the wiring's throttling) and a resource-based permission per route for
         * {@code apigateway.amazonaws.com}. Each piece is found again on a restart.
         *
         * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">Lambda proxy integrations for HTTP APIs</a>
         */
        void ensureHttpApi(Map<String, String> functionArns) {
            String apiId = apiGateway.getApis(b -> { }).items().stream().filter(api -> HTTP_API_NAME.equals(api.name()))
                    .map(software.amazon.awssdk.services.apigatewayv2.model.Api::apiId).findFirst().orElse(null);
            boolean created = apiId == null;
            if (created) {
                apiId = apiGateway.createApi(b -> b.name(HTTP_API_NAME).protocolType(ProtocolType.HTTP)).apiId();
            }
            String id = apiId;
            Map<String, String> integrations = new HashMap<>();
            apiGateway.getIntegrations(b -> b.apiId(id)).items()
                    .forEach(integration -> integrations.put(integration.integrationUri(), integration.integrationId()));
            Map<String, String> routes = new HashMap<>();
            apiGateway.getRoutes(b -> b.apiId(id)).items().forEach(route -> routes.put(route.routeKey(), route.routeId()));
            for (Map.Entry<String, String> route : new TreeMap<>(wiring.httpApi().routes()).entrySet()) {
                String functionArn = functionArns.get(route.getValue());
                if (functionArn == null) {
                    unavailable.add("route " + route.getKey() + ": its function " + route.getValue() + " is unavailable");
                    continue;
                }
                String uri = "arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/" + functionArn
                        + "/invocations";
                String integrationId = integrations.computeIfAbsent(uri, missing -> apiGateway.createIntegration(b -> b
                        .apiId(id).integrationType(IntegrationType.AWS_PROXY).integrationMethod("POST")
                        .integrationUri(uri).payloadFormatVersion("2.0")).integrationId());
                if (!routes.containsKey(route.getKey())) {
                    apiGateway.createRoute(b -> b.apiId(id).routeKey(route.getKey())
                            .target("integrations/" + integrationId));
                }
                String statementId = "http-api-" + route.getKey().replaceAll("[^a-zA-Z0-9]+", "-").replaceAll("^-|-$", "");
                String sourceArn = "arn:aws:execute-api:" + region + ":" + accountId + ":" + id + "/*/"
                        + routeSourcePath(route.getKey());
                try {
                    lambda.addPermission(b -> b.functionName(route.getValue()).statementId(statementId)
                            .action("lambda:InvokeFunction").principal("apigateway.amazonaws.com").sourceArn(sourceArn));
                } catch (software.amazon.awssdk.services.lambda.model.ResourceConflictException exists) {
                    // Granted on an earlier start.
                }
            }
            if (apiGateway.getStages(b -> b.apiId(id)).items().stream().noneMatch(stage -> "$default".equals(stage.stageName()))) {
                apiGateway.createStage(b -> b.apiId(id).stageName("$default").autoDeploy(true)
                        .defaultRouteSettings(r -> r.throttlingBurstLimit(wiring.httpApi().throttlingBurstLimit())
                                .throttlingRateLimit(wiring.httpApi().throttlingRateLimit())));
            }
            String endpoint = apiGateway.getApi(b -> b.apiId(id)).apiEndpoint();
            progress.accept("HTTP API " + HTTP_API_NAME + (created ? " created" : " found") + " (" + id + ", "
                    + wiring.httpApi().routes().size() + " routes): " + endpoint);
        }

        /** Waits until the mapping is Enabled: from then on it polls (LATEST fixed), as after Terraform's apply. */
        private void awaitMappingEnabled(String uuid) {
            long deadline = System.nanoTime() + LAMBDA_READY_TIMEOUT.toNanos();
            while (true) {
                String state = lambda.getEventSourceMapping(b -> b.uuid(uuid)).state();
                if ("Enabled".equals(state) || "Disabled".equals(state)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("mapping " + uuid + " is not Enabled after "
                            + LAMBDA_READY_TIMEOUT.toSeconds() + " s (state " + state + ")");
                }
                pause(50);
            }
        }
    }

    /**
     * What the Lambda service needs to poll each kind of source on the function's behalf (as Terraform's scenario
     * module grants it).
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/iam-policy-example-lamda-process-dynamodb-streams.html">DynamoDB Streams for Lambda</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-create.html">Kinesis for Lambda</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html">SQS for Lambda</a>
     */
    static final Map<SourceType, List<String>> SOURCE_READ_ACTIONS = Map.of(
            SourceType.DYNAMODB, List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                    "dynamodb:ListStreams"),
            SourceType.KINESIS, List.of("kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                    "kinesis:GetShardIterator", "kinesis:ListShards"),
            SourceType.SQS, List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"));

    /**
     * The method and path part of the permission's source ARN for a route, as Terraform's http-api module writes it:
     * {@code ANY} becomes {@code *}, path parameters become {@code *} ({@code ANY /notes/{proxy+}} -> {@code *\/notes/*}).
     */
    static String routeSourcePath(String routeKey) {
        String[] parts = routeKey.split(" ");
        if (parts.length != 2) {
            return "*/*";
        }
        return ("ANY".equals(parts[0]) ? "*" : parts[0]) + parts[1].replaceAll("\\{[^}]*\\}", "*");
    }

    /** Terraform's sid of a name: words capitalised, separators dropped ({@code notes-word-count} -> {@code NotesWordCount}). */
    static String sid(String name) {
        StringBuilder sid = new StringBuilder();
        for (String word : name.split("[^a-zA-Z0-9]+")) {
            if (!word.isEmpty()) {
                sid.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return sid.toString();
    }

    private static byte[] read(Path jar) {
        try {
            return Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        }
    }

    /** A jar's SHA-256 as Lambda's {@code CodeSha256} gives it (base64), read in chunks rather than whole. */
    private static String sha256Base64(Path jar) {
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[64 * 1024];
            int read;
            while ((read = in.read(chunk)) != -1) {
                digest.update(chunk, 0, read);
            }
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning", e);
        }
    }
}
