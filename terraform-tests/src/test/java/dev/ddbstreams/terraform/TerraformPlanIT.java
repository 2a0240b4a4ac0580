package dev.ddbstreams.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.wiring.FunctionSpec;
import dev.ddbstreams.local.wiring.Wiring;
import dev.ddbstreams.terraform.support.PlanEndpointStub;
import dev.ddbstreams.terraform.support.Processes;
import dev.ddbstreams.terraform.support.ProjectPaths;
import dev.ddbstreams.terraform.support.TerraformCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Terraform itself makes of the project, where a terraform binary and the AWS provider are available:
 * a real {@code terraform plan} (LocalStack target, a loopback stub for the one AWS call planning makes,
 * placeholder jars) of a copy whose wiring differs from the project's in two values, compared value by value
 * with that wiring. This is the equality half of the wiring contract: the static {@code WiringContractTest}
 * proves no setting is hard-coded; this proves each one arrives, changed values included. It also proves the fresh-clone
 * promise: destroy without jars works, create without jars is refused with the command that builds them.
 *
 * <p>Skipped, with the reason, where terraform is missing or {@code terraform init} cannot get the
 * provider (set {@code TF_PLUGIN_DIR} to a local provider mirror on machines without registry access).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerraformPlanIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "plan-";
    private static final Duration PLAN_TIMEOUT = Duration.ofMinutes(5);
    private static final int CHANGED_BATCH_SIZE = 7;
    private static final int CHANGED_VISIBILITY = 240;
    private static final String ALARM_TOPIC = "arn:aws:sns:us-east-1:000000000000:plan-alarms";
    private static final int CHANGED_ITERATOR_AGE_MS = 120_000;

    @TempDir
    static Path work;

    private Wiring wiring;
    private TerraformCli cli;
    private PlanEndpointStub stub;
    private Path artifacts;
    private Map<String, JsonNode> plan;
    private JsonNode deploymentOutput;

    /** Why nothing can be planned here, reported by every test as its skip reason; null when planned. */
    private String unavailable;

    @BeforeAll
    void planTheProject() throws IOException {
        Path terraform = TerraformCli.binary().orElse(null);
        if (terraform == null) {
            unavailable = "terraform is not on the PATH";
            return;
        }
        cli = TerraformCli.onCopyOfProject(terraform, work.resolve("terraform"));
        // One plan serves both proofs: it equals the wiring it read, and that wiring differs from the
        // project's in two values, so a change in the file is a change in what Terraform deploys.
        Path wiringCopy = cli.workDir().resolve("wiring.json");
        String original = Files.readString(wiringCopy);
        String changed = original
                .replace("\"startingPosition\": \"TRIM_HORIZON\", \"batchSize\": 5,",
                        "\"startingPosition\": \"TRIM_HORIZON\", \"batchSize\": " + CHANGED_BATCH_SIZE + ",")
                .replace("\"word-count\": { \"group\": \"notes\", \"visibilityTimeoutSeconds\": 180,",
                        "\"word-count\": { \"group\": \"notes\", \"visibilityTimeoutSeconds\": " + CHANGED_VISIBILITY + ",");
        assertFalse(changed.equals(original), "the edits must apply to the project's wiring");
        Files.writeString(wiringCopy, changed);
        wiring = Wiring.load(wiringCopy);
        Processes.Result init = cli.init(false);
        if (!init.succeeded()) {
            unavailable = "terraform init cannot install the AWS provider here (set TF_PLUGIN_DIR to a local provider mirror "
                    + "on machines without registry access): " + TerraformFormatAndValidateTest.errorSummary(init.output());
            return;
        }
        artifacts = placeholderJars(work.resolve("artifacts"));
        stub = PlanEndpointStub.start();
        plan = plan(cli, artifacts);
    }

    @BeforeEach
    void assumePlanned() {
        assumeTrue(unavailable == null, () -> unavailable);
    }

    @AfterAll
    void stopStub() {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void plannedMappings_carryEveryWiringSetting() {
        wiring.mappings().forEach((name, mapping) -> {
            JsonNode planned = after(group(mapping.function()) + ".module.mappings[\"" + name + "\"].aws_lambda_event_source_mapping.this");
            String where = "mapping " + name;
            assertEquals(mapping.batchSize(), planned.path("batch_size").asInt(), where);
            assertEquals(mapping.maximumBatchingWindowInSeconds(), planned.path("maximum_batching_window_in_seconds").asInt(), where);
            assertEquals(List.of("ReportBatchItemFailures"), strings(planned.path("function_response_types")), where);
            if (mapping.source().type().isStream()) {
                assertEquals(mapping.startingPosition(), planned.path("starting_position").asText(), where);
                assertEquals((int) mapping.maximumRetryAttempts(), planned.path("maximum_retry_attempts").asInt(), where);
                assertEquals(mapping.bisectBatchOnFunctionError(), planned.path("bisect_batch_on_function_error").asBoolean(), where);
                assertEquals((int) mapping.maximumRecordAgeInSeconds(), planned.path("maximum_record_age_in_seconds").asInt(), where);
                assertEquals(1, planned.path("destination_config").size(), where + ": on-failure destination");
            } else {
                assertTrue(planned.path("starting_position").isNull(), where);
                assertEquals(0, planned.path("destination_config").size(), where);
            }
            List<JsonNode> plannedFilters = new ArrayList<>();
            planned.path("filter_criteria").forEach(criteria -> criteria.path("filter").forEach(filter ->
                    plannedFilters.add(readJson(filter.path("pattern").asText()))));
            assertEquals(mapping.filters(), plannedFilters, where + ": filter patterns");
        });
    }

    @Test
    void plannedTablesStreamsAndQueues_carryEveryWiringSetting() {
        wiring.tables().forEach((name, table) -> {
            JsonNode planned = after(module(table.group()) + ".module.tables[\"" + name + "\"].aws_dynamodb_table.this");
            String where = "table " + name;
            assertEquals(PREFIX + name, planned.path("name").asText(), where);
            assertEquals(table.billingMode(), planned.path("billing_mode").asText(), where);
            assertEquals(table.hashKey().name(), planned.path("hash_key").asText(), where);
            assertEquals(table.rangeKey() == null ? null : table.rangeKey().name(), planned.path("range_key").asText(null), where);
            assertEquals(table.streamViewType() != null, planned.path("stream_enabled").asBoolean(), where);
            assertEquals(table.streamViewType(), planned.path("stream_view_type").asText(null), where);
            assertEquals(table.ttlAttribute(),
                    planned.path("ttl").size() == 0 ? null : planned.path("ttl").get(0).path("attribute_name").asText(), where);
            assertTrue(planned.path("point_in_time_recovery").get(0).path("enabled").asBoolean(), where + ": PITR");
            assertTrue(planned.path("server_side_encryption").get(0).path("enabled").asBoolean(), where + ": SSE");
        });
        wiring.kinesisStreams().forEach((name, stream) -> {
            JsonNode planned = after(module(stream.group()) + ".module.kinesis_streams[\"" + name + "\"].aws_kinesis_stream.this");
            assertEquals(stream.shardCount(), planned.path("shard_count").asInt(), name);
            assertEquals(stream.retentionHours(), planned.path("retention_period").asInt(), name);
        });
        wiring.queues().forEach((name, queue) -> {
            String kind = queue.deadLetterQueue() != null ? "redriven_queues" : "standalone_queues";
            JsonNode planned = after(module(queue.group()) + ".module." + kind + "[\"" + name + "\"].aws_sqs_queue.this");
            String where = "queue " + name;
            assertEquals((int) Objects.requireNonNullElse(queue.visibilityTimeoutSeconds(), 30), planned.path("visibility_timeout_seconds").asInt(), where);
            assertEquals((int) Objects.requireNonNullElse(queue.messageRetentionSeconds(), 345_600), planned.path("message_retention_seconds").asInt(), where);
            assertTrue(planned.path("sqs_managed_sse_enabled").asBoolean(), where + ": SSE-SQS");
        });
    }

    @Test
    void plannedFunctions_carryTheirWiringSettings_andExactlyTheirPermissions() {
        wiring.functions().forEach((name, function) -> {
            String address = module(function.group()) + ".module.functions[\"" + name + "\"]";
            JsonNode planned = after(address + ".aws_lambda_function.this");
            String where = "function " + name;
            assertEquals(function.handler(), planned.path("handler").asText(), where);
            assertEquals(function.memoryMb(), planned.path("memory_size").asInt(), where);
            assertEquals(function.timeoutSeconds(), planned.path("timeout").asInt(), where);
            assertEquals("java21", planned.path("runtime").asText(), where);
            assertEquals("Active", planned.path("tracing_config").get(0).path("mode").asText(), where);
            Map<String, String> expectedEnvironment = new HashMap<>();
            function.environment().forEach((variable, value) -> {
                if (value.table() != null) {
                    expectedEnvironment.put(variable, PREFIX + value.table());
                }
            });
            // Queue URLs are known only after apply, which leaves such a function's variables unknown in the plan.
            JsonNode variables = planned.path("environment").path(0).path("variables");
            if (!variables.isMissingNode()) {
                expectedEnvironment.forEach((variable, value) -> assertEquals(value, variables.path(variable).asText(), where + " " + variable));
                assertEquals(function.environment().size(), variables.size(), where + ": " + variables);
            }

            JsonNode policy = after(address + ".data.aws_iam_policy_document.this");
            Set<String> granted = new TreeSet<>();
            policy.path("statement").forEach(statement -> {
                List<String> actions = strings(statement.path("actions"));
                granted.addAll(actions);
                statement.path("resources").forEach(resource -> {
                    if ("*".equals(resource.asText(null))) {
                        assertEquals(Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), new TreeSet<>(actions),
                                where + ": only X-Ray may act on \"*\"");
                    }
                });
            });
            assertEquals(expectedActions(name, function), granted, where + ": exactly the actions it needs");
        });
    }

    @Test
    void plannedHttpApi_hasTheWiringsRoutesThrottlingAndPayloadFormat() {
        JsonNode stage = after("module.http_api[0].aws_apigatewayv2_stage.this");
        JsonNode settings = stage.path("default_route_settings").get(0);
        assertEquals(wiring.httpApi().throttlingBurstLimit(), settings.path("throttling_burst_limit").asInt());
        assertEquals(wiring.httpApi().throttlingRateLimit(), settings.path("throttling_rate_limit").asDouble());
        Set<String> routes = new TreeSet<>();
        plan.forEach((address, after) -> {
            if (address.startsWith("module.http_api[0].aws_apigatewayv2_route.this")) {
                routes.add(after.path("route_key").asText());
            }
            if (address.startsWith("module.http_api[0].aws_apigatewayv2_integration.this")) {
                assertEquals("2.0", after.path("payload_format_version").asText(), address);
            }
        });
        Set<String> wired = new TreeSet<>(wiring.httpApi().routes().keySet());
        assertEquals(wired, routes);
    }

    /**
     * One alarm per function (Errors, Throttles), per stream-fed function (IteratorAge), per dead-letter and
     * on-failure queue (messages visible) and for the HTTP API (5xx), on the documented dimensions, all
     * telling the configured topic; and no other alarm.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html">Lambda metrics</a>
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html">SQS metrics</a>
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html">HTTP API metrics</a>
     */
    @Test
    void plannedAlarms_coverEveryFunctionStreamMappingFailureQueueAndTheApi_andTellTheTopic() {
        Set<String> streamFunctions = new TreeSet<>();
        Set<String> failureQueues = new TreeSet<>();
        wiring.mappings().values().forEach(mapping -> {
            if (mapping.source().type().isStream()) {
                streamFunctions.add(mapping.function());
            }
            if (mapping.onFailureQueue() != null) {
                failureQueues.add(mapping.onFailureQueue());
            }
        });
        wiring.queues().values().forEach(queue -> {
            if (queue.deadLetterQueue() != null) {
                failureQueues.add(queue.deadLetterQueue());
            }
        });
        assertTrue(failureQueues.contains("word-count-dlq") && failureQueues.contains("store-orders-echo-dlq"), failureQueues::toString);

        Set<String> expected = new TreeSet<>();
        for (String function : wiring.functions().keySet()) {
            expected.add(assertAlarm("lambda_errors[\"" + function + "\"]", "AWS/Lambda", "Errors", "Sum", "FunctionName", PREFIX + function, 1, 60, 1));
            expected.add(assertAlarm("lambda_throttles[\"" + function + "\"]", "AWS/Lambda", "Throttles", "Sum", "FunctionName", PREFIX + function, 1, 60, 1));
        }
        for (String function : streamFunctions) {
            String address = assertAlarm("iterator_age[\"" + function + "\"]", "AWS/Lambda", "IteratorAge", "Maximum", "FunctionName",
                    PREFIX + function, CHANGED_ITERATOR_AGE_MS, 60, 5);
            assertEquals("Milliseconds", plan.get(address).path("unit").asText(), address);
            expected.add(address);
        }
        for (String queue : failureQueues) {
            expected.add(assertAlarm("queue_messages_visible[\"" + queue + "\"]", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum",
                    "QueueName", PREFIX + queue, 1, 60, 1));
        }
        // The API's id is known only after apply, so its dimensions are unknown in the plan.
        expected.add(assertAlarm("http_api_5xx[0]", "AWS/ApiGateway", "5xx", "Sum", null, null, 1, 300, 1));

        Set<String> planned = new TreeSet<>();
        plan.keySet().stream().filter(address -> address.contains("aws_cloudwatch_metric_alarm")).forEach(planned::add);
        assertEquals(expected, planned, "exactly one alarm of each kind per resource");
        assertEquals(2 * wiring.functions().size() + streamFunctions.size() + failureQueues.size() + 1, planned.size());
        assertTrue(plan.keySet().stream().noneMatch(address -> address.contains("aws_sns_topic")), "an existing topic is used, not created");
    }

    @Test
    void plannedDeployment_forTargetLocal_namesTheLocalEndpoint() {
        assertEquals("local", deploymentOutput.path("target").asText(), deploymentOutput::toString);
        assertEquals(stub.url(), deploymentOutput.path("endpoint").asText(), deploymentOutput::toString);
    }

    /** @return the alarm's address, after asserting what it watches, how, and whom it tells */
    private String assertAlarm(String key, String namespace, String metric, String statistic, String dimension, String resource,
            int threshold, int period, int evaluationPeriods) {
        String address = "module.alarms.aws_cloudwatch_metric_alarm." + key;
        JsonNode alarm = after(address);
        assertEquals(namespace, alarm.path("namespace").asText(), address);
        assertEquals(metric, alarm.path("metric_name").asText(), address);
        assertEquals(statistic, alarm.path("statistic").asText(), address);
        if (dimension != null) {
            assertEquals(Map.of(dimension, resource), JSON.convertValue(alarm.path("dimensions"), Map.class), address);
        }
        assertEquals(threshold, alarm.path("threshold").asDouble(), 0.0, address);
        assertEquals(period, alarm.path("period").asInt(), address);
        assertEquals(evaluationPeriods, alarm.path("evaluation_periods").asInt(), address);
        assertEquals("GreaterThanOrEqualToThreshold", alarm.path("comparison_operator").asText(), address);
        assertEquals("notBreaching", alarm.path("treat_missing_data").asText(), address);
        assertEquals(List.of(ALARM_TOPIC), strings(alarm.path("alarm_actions")), address + ": tells the configured topic");
        assertEquals(List.of(ALARM_TOPIC), strings(alarm.path("ok_actions")), address + ": and when it recovers");
        return address;
    }

    @Test
    void changedWiringCopy_changesThePlan() {
        Wiring project = Wiring.load(ProjectPaths.wiring());
        String echo = "module.store_orders.module.mappings[\"store-orders-echo\"].aws_lambda_event_source_mapping.this";
        String queue = "module.notes.module.redriven_queues[\"word-count\"].aws_sqs_queue.this";

        assertEquals(5, project.mappings().get("store-orders-echo").batchSize(), "the project's value");
        assertEquals(CHANGED_BATCH_SIZE, after(echo).path("batch_size").asInt(), "the value in the copy Terraform planned");
        assertEquals(180, (int) project.queues().get("word-count").visibilityTimeoutSeconds(), "the project's value");
        assertEquals(CHANGED_VISIBILITY, after(queue).path("visibility_timeout_seconds").asInt(), "the value in the copy Terraform planned");
    }

    @Test
    void freshClone_destroysWithoutJars_butRefusesToCreateWithoutThem() throws IOException {
        Path noJars = Files.createDirectories(work.resolve("fresh-clone"));
        List<String> variables = List.of("-var=target=localstack", "-var=localstack_endpoint=" + stub.url(), "-var=artifacts_dir=" + noJars);

        Processes.Result destroy = cli.run(PLAN_TIMEOUT, concat(List.of("plan", "-destroy", "-input=false", "-no-color", "-lock=false"), variables));
        Processes.Result create = cli.run(PLAN_TIMEOUT, concat(List.of("plan", "-input=false", "-no-color", "-lock=false"), variables));

        assertTrue(destroy.succeeded(), destroy::describe);
        assertFalse(create.succeeded(), create::describe);
        String flattened = create.output().replaceAll("[│\\s]+", " ");
        assertTrue(flattened.contains("notes-api/target/notes-api.jar does not exist. Build the jars first (`make build`"), create::describe);
    }

    private Set<String> expectedActions(String name, FunctionSpec function) {
        Set<String> actions = new TreeSet<>(List.of("logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords"));
        function.permissions().tables().values().forEach(actions::addAll);
        function.permissions().queues().values().forEach(actions::addAll);
        wiring.mappings().values().stream().filter(mapping -> mapping.function().equals(name)).forEach(mapping -> {
            switch (mapping.source().type()) {
                case DYNAMODB -> actions.addAll(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"));
                case KINESIS -> actions.addAll(List.of("kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                        "kinesis:GetShardIterator", "kinesis:ListShards"));
                case SQS -> actions.addAll(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"));
            }
            if (mapping.onFailureQueue() != null) {
                actions.add("sqs:SendMessage");
            }
        });
        return actions;
    }

    private Map<String, JsonNode> plan(TerraformCli terraform, Path jars) throws IOException {
        // Target "local", the project's own endpoint: the same endpoint map as LocalStack's, so this plan
        // covers both; an existing alarm topic and one changed alarm setting, to see both arrive.
        Processes.Result result = terraform.run(PLAN_TIMEOUT, "plan", "-input=false", "-no-color", "-lock=false", "-out=tfplan",
                "-var=target=local", "-var=local_endpoint=" + stub.url(), "-var=name_prefix=" + PREFIX,
                "-var=artifacts_dir=" + jars, "-var=alarm_topic_arn=" + ALARM_TOPIC,
                "-var=alarm_iterator_age={ threshold_ms = " + CHANGED_ITERATOR_AGE_MS + " }");
        assertTrue(result.succeeded(), result::describe);
        Processes.Result show = terraform.run(PLAN_TIMEOUT, "show", "-json", "tfplan");
        assertTrue(show.succeeded(), show::describe);
        Map<String, JsonNode> afterByAddress = new HashMap<>();
        JsonNode shown = JSON.readTree(show.output().substring(show.output().indexOf('{')));
        shown.path("resource_changes")
                .forEach(change -> afterByAddress.put(change.path("address").asText(), change.path("change").path("after")));
        deploymentOutput = shown.path("output_changes").path("deployment").path("after");
        return afterByAddress;
    }

    private Path placeholderJars(Path dir) throws IOException {
        for (FunctionSpec function : wiring.functions().values()) {
            String module = function.module();
            Path jar = dir.resolve(module).resolve("target").resolve(module + ".jar");
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "placeholder for " + module);
        }
        return dir;
    }

    private JsonNode after(String address) {
        JsonNode after = plan.get(address);
        assertNotNull(after, () -> "not in the plan: " + address + "; planned: " + new TreeSet<>(plan.keySet()));
        return after;
    }

    private String group(String function) {
        return module(wiring.functions().get(function).group());
    }

    /** @return the address of the scenario module instance of a wiring group ("store-orders" -> module.store_orders) */
    private static String module(String group) {
        return "module." + group.replace('-', '_');
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + text, e);
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
