package dev.ddbstreams.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.local.LocalDeployment;
import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import dev.ddbstreams.local.mapping.MappingStatus;
import dev.ddbstreams.local.scenarios.Deployment;
import dev.ddbstreams.local.scenarios.ScenarioResult;
import dev.ddbstreams.local.scenarios.Scenarios;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Least privilege, proven locally: with IAM enforced (the default), every scenario row passes with exactly the
 * permissions the wiring declares; then, for each function of the wiring, its role's policy loses ONE action the
 * function needs (PutRolePolicy through the endpoint: policies are evaluated per request, nothing restarts), and
 * exactly that function's row fails, with AWS's AccessDeniedException where AWS shows it (the function's log for
 * its own calls; the mapping's status and LastProcessingResult for the reads Lambda's poller makes with the role),
 * while a row of another function sharing its source or its path still passes; the policy is restored and the row
 * passes again, nothing lost. One runtime for all of it; the time taken is printed.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html">Lambda execution role</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html">Access denied error messages</a>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeastPrivilegeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "us-east-1";
    /** How long a row may take to show its effect when it should pass. */
    private static final Duration PASS_TIMEOUT = Duration.ofSeconds(60);
    /** How long a row that should fail is given (its effect must not appear within it). */
    private static final Duration FAIL_TIMEOUT = Duration.ofSeconds(8);
    /** Everything this test does, startup included, stays within this. */
    private static final Duration BUDGET = Duration.ofMinutes(12);

    /** Where the missing permission shows. */
    enum Kind {
        /** An HTTP function's own call: 5xx, AccessDeniedException in its log. */
        HTTP,
        /** A mapped function's own call: the mapping's failed batches rise, AccessDeniedException in its log. */
        FUNCTION,
        /** A read Lambda's poller makes with the role: the mapping's state, last error and LastProcessingResult. */
        POLLER
    }

    /**
     * One function's case: the action taken away, on which resource, the row it breaks and a row that must not break.
     * {@code rowShowsIt} is false for the three word-count functions: rows 2 and 3 both await the note's wordCount,
     * which either path (stream, or forwarder then queue) writes, and a mapping's delivered count includes partly
     * failed batches and earlier notes' messages, so a row can stay green while the other path works; for them the
     * function's own failure (AWS's refusal in its log, its mapping's failed batches) is what is asserted.
     */
    record Case(String function, String action, String resourceArn, int row, int otherRow, Kind kind, String mapping,
                boolean rowShowsIt) {
        Case(String function, String action, String resourceArn, int row, int otherRow, Kind kind, String mapping) {
            this(function, action, resourceArn, row, otherRow, kind, mapping, true);
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("notes-api", "dynamodb:PutItem", table("notes"), 1, 4, Kind.HTTP, null),
            new Case("users-api", "dynamodb:PutItem", table("Users"), 9, 4, Kind.HTTP, null),
            new Case("word-count-stream", "dynamodb:UpdateItem", table("notes"), 2, 3, Kind.FUNCTION, "notes-word-count", false),
            new Case("word-count-forwarder", "sqs:SendMessage", queue("word-count"), 3, 2, Kind.FUNCTION, "notes-forwarder", false),
            // GetItem: the queue handler reads the note first (UpdateItem is skipped when the stream path counted it).
            new Case("word-count-queue", "dynamodb:GetItem", table("notes"), 3, 2, Kind.FUNCTION, "word-count-queue", false),
            new Case("orders-keys-logger", "dynamodb:GetRecords", null, 4, 5, Kind.POLLER, "orders-keys-logger"),
            new Case("store-orders-echo", "dynamodb:GetRecords", null, 5, 6, Kind.POLLER, "store-orders-echo"),
            new Case("store-order-totals", "dynamodb:UpdateItem", table("OrderTotals"), 6, 5, Kind.FUNCTION, "store-order-totals"),
            new Case("lab-stream-logger", "kinesis:GetRecords", null, 7, 4, Kind.POLLER, "lab-stream-logger"),
            new Case("game-scores", "dynamodb:UpdateItem", table("GameScoresByUser"), 8, 4, Kind.FUNCTION, "game-scores"),
            new Case("user-removal-logger", "dynamodb:GetRecords", null, 9, 1, Kind.POLLER, "user-removal-logger"));

    private static LocalRuntime runtime;
    private static Deployment deployment;
    private static IamClient iam;
    private static LambdaClient lambda;
    private static long startNanos;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        startNanos = System.nanoTime();
        runtime = LocalRuntime.start(LocalRuntimeOptions.forTests(RepositoryRoot.find()), System.out::println);
        deployment = LocalDeployment.of(runtime);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        iam = IamClient.builder().endpointOverride(runtime.awsEndpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        lambda = LambdaClient.builder().endpointOverride(runtime.awsEndpoint()).region(Region.of(REGION))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        System.out.println("least-privilege: runtime started in " + runtime.startupTime().toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        if (iam != null) {
            iam.close();
            lambda.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        System.out.println("least-privilege: " + Duration.ofNanos(System.nanoTime() - startNanos).toSeconds() + " s in all");
    }

    private static String table(String name) {
        return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + name;
    }

    private static String queue(String name) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name;
    }

    /** The IAM enforcement is on, as in {@code make run}, and every function of the wiring has a case here. */
    @Test
    @Order(1)
    void enforcementIsOn_andEveryFunctionHasACase() {
        assertTrue(runtime.options().iam(), "IAM is enforced by default");
        assertEquals(runtime.wiring().functions().keySet(),
                CASES.stream().map(Case::function).collect(java.util.stream.Collectors.toSet()));
    }

    /** Every row passes with the declared permissions and nothing more. */
    @TestFactory
    @Order(2)
    Stream<DynamicTest> everyRow_passesWithTheDeclaredPermissions() {
        Scenarios scenarios = new Scenarios(PASS_TIMEOUT);
        return scenarios.all().stream().map(scenario -> DynamicTest.dynamicTest("row " + scenario.row(), () -> {
            ScenarioResult result = scenarios.run(scenario, deployment);
            assumeTrue(result.status() != ScenarioResult.Status.SKIPPED, result.detail());
            assertEquals(ScenarioResult.Status.PASSED, result.status(), result.detail());
        }));
    }

    /** For each function: one declared action fewer, exactly its row fails, as AWS shows it; restored, it passes. */
    @TestFactory
    @Order(3)
    Stream<DynamicTest> eachFunction_withoutOneDeclaredAction_failsAlone() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.function() + " without " + c.action(), () -> {
            long caseStart = System.nanoTime();
            String role = lambda.getFunction(b -> b.functionName(c.function())).configuration().role();
            String roleName = role.substring(role.lastIndexOf('/') + 1);
            Map<String, String> declared = policies(roleName);
            String resource = c.resourceArn() != null ? c.resourceArn() : sourceArn(c.mapping());
            long failedBefore = c.mapping() == null ? 0 : runtime.mappingStatus(c.mapping()).failedBatches();
            int logBefore = runtime.functionLog(c.function()).size();
            declared.forEach((name, document) -> iam.putRolePolicy(b -> b.roleName(roleName).policyName(name)
                    .policyDocument(without(document, c.action(), resource))));
            try {
                if (c.kind() == Kind.POLLER) {
                    // IAM changes are eventually consistent, in AWS as here: a poll authorised just before the change
                    // can still return a record written just after it. The row runs once the poller is refused.
                    // https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
                    await(() -> "ACCESS_DENIED".equals(runtime.mappingStatus(c.mapping()).state()),
                            "mapping " + c.mapping() + " to show ACCESS_DENIED");
                }
                ScenarioResult broken = run(c.row(), FAIL_TIMEOUT);
                assumeTrue(broken.status() != ScenarioResult.Status.SKIPPED, broken.detail());
                if (c.rowShowsIt()) {
                    assertEquals(ScenarioResult.Status.FAILED, broken.status(), "row " + c.row() + " without " + c.action()
                            + ": " + broken.detail());
                }
                String refusal = "is not authorized to perform: "
                        + (c.action().startsWith("sqs:") ? c.action().toLowerCase(java.util.Locale.ROOT) : c.action())
                        + " on resource: " + resource;
                switch (c.kind()) {
                    case HTTP -> {
                        assertTrue(httpStatusOfAWrite(c) >= 500, "an HTTP function refused by IAM answers 5xx");
                        awaitLog(c, logBefore, refusal, roleName);
                    }
                    case FUNCTION -> {
                        awaitLog(c, logBefore, refusal, roleName);
                        await(() -> runtime.mappingStatus(c.mapping()).failedBatches() > failedBefore,
                                "mapping " + c.mapping() + "'s failed batches to rise");
                    }
                    case POLLER -> {
                        await(() -> "ACCESS_DENIED".equals(runtime.mappingStatus(c.mapping()).state()),
                                "mapping " + c.mapping() + " to show ACCESS_DENIED");
                        MappingStatus status = runtime.mappingStatus(c.mapping());
                        assertTrue(status.lastError().contains("AccessDeniedException: User: arn:aws:sts::" + ACCOUNT
                                + ":assumed-role/" + roleName + "/awslambda_") && status.lastError().contains(refusal),
                                status.lastError());
                        String uuid = lambda.listEventSourceMappings(b -> b.functionName(c.function()))
                                .eventSourceMappings().get(0).uuid();
                        String result = lambda.getEventSourceMapping(b -> b.uuid(uuid)).lastProcessingResult();
                        assertTrue(result.startsWith("PROBLEM: User: arn:aws:sts::" + ACCOUNT + ":assumed-role/" + roleName
                                + "/awslambda_") && result.contains(refusal), result);
                    }
                }
                ScenarioResult other = run(c.otherRow(), PASS_TIMEOUT);
                assertTrue(other.status() != ScenarioResult.Status.FAILED,
                        "row " + c.otherRow() + " is not affected: " + other.detail());
            } finally {
                declared.forEach((name, document) -> iam.putRolePolicy(b -> b.roleName(roleName).policyName(name)
                        .policyDocument(document)));
            }
            ScenarioResult restored = run(c.row(), PASS_TIMEOUT);
            assertEquals(ScenarioResult.Status.PASSED, restored.status(), "after the policy is restored: " + restored.detail());
            if (c.kind() == Kind.POLLER) {
                assertTrue(!"ACCESS_DENIED".equals(runtime.mappingStatus(c.mapping()).state()));
            }
            System.out.println("least-privilege: " + c.function() + " without " + c.action() + " -> "
                    + (c.rowShowsIt() ? "row " + c.row() + " failed" : "its invocations failed (row " + c.row()
                    + " may be kept by the other word-count path)") + ", row " + c.otherRow() + " passed, restored in "
                    + Duration.ofNanos(System.nanoTime() - caseStart).toMillis() + " ms");
            assertTrue(Duration.ofNanos(System.nanoTime() - startNanos).compareTo(BUDGET) < 0, "within " + BUDGET);
        }));
    }

    private static ScenarioResult run(int row, Duration timeout) {
        Scenarios scenarios = new Scenarios(timeout);
        return scenarios.run(scenarios.all().stream().filter(s -> s.row() == row).findFirst().orElseThrow(), deployment);
    }

    /** The role's inline policies, by name (documents as IAM returns them: URL-encoded). */
    private static Map<String, String> policies(String roleName) {
        Map<String, String> documents = new LinkedHashMap<>();
        for (String name : iam.listRolePolicies(b -> b.roleName(roleName)).policyNames()) {
            String document = iam.getRolePolicy(b -> b.roleName(roleName).policyName(name)).policyDocument();
            documents.put(name, URLDecoder.decode(document, StandardCharsets.UTF_8));
        }
        assertTrue(!documents.isEmpty(), "role " + roleName + " has an inline policy");
        return documents;
    }

    /**
     * The document without {@code action} on {@code resource}: only the statements granting it on that resource lose it
     * (the same action on another resource, say SendMessage on the on-failure queue, stays); a statement left without
     * actions is dropped, as IAM requires one.
     */
    static String without(String document, String action, String resource) {
        ObjectNode policy;
        try {
            policy = (ObjectNode) JSON.readTree(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("the role's policy is not JSON: " + document, e);
        }
        JsonNode statements = policy.path("Statement");
        ArrayNode kept = JSON.createArrayNode();
        List<JsonNode> all = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(all::add);
        } else {
            all.add(statements);
        }
        int removed = 0;
        for (JsonNode statement : all) {
            JsonNode resources = statement.path("Resource");
            List<String> named = new ArrayList<>();
            (resources.isArray() ? resources : JSON.createArrayNode().add(resources)).forEach(r -> named.add(r.asText()));
            JsonNode actions = statement.path("Action");
            List<String> granted = new ArrayList<>();
            (actions.isArray() ? actions : JSON.createArrayNode().add(actions)).forEach(a -> granted.add(a.asText()));
            boolean grantsIt = granted.stream().anyMatch(a -> a.equalsIgnoreCase(action));
            if (!grantsIt || !named.contains(resource)) {
                kept.add(statement);
                continue;
            }
            removed++;
            List<String> others = named.stream().filter(r -> !r.equals(resource)).toList();
            if (!others.isEmpty()) { // the other resources keep every action
                ObjectNode rest = statement.deepCopy();
                ArrayNode restResources = rest.putArray("Resource");
                others.forEach(restResources::add);
                kept.add(rest);
            }
            List<String> left = granted.stream().filter(a -> !a.equalsIgnoreCase(action)).toList();
            if (!left.isEmpty()) {
                ObjectNode copy = statement.deepCopy();
                copy.putArray("Resource").add(resource);
                ArrayNode leftActions = copy.putArray("Action");
                left.forEach(leftActions::add);
                if (!others.isEmpty()) {
                    copy.remove("Sid");
                }
                kept.add(copy);
            }
        }
        assertTrue(removed > 0, "the policy grants " + action + " on " + resource + ": " + document);
        policy.set("Statement", kept);
        return policy.toString();
    }

    private static String sourceArn(String mapping) {
        return lambda.listEventSourceMappings(b -> b.functionName(runtime.wiring().mappings().get(mapping).function()))
                .eventSourceMappings().get(0).eventSourceArn();
    }

    private static int httpStatusOfAWrite(Case c) throws Exception {
        String path = c.function().equals("notes-api") ? "/notes" : "/users";
        String body = c.function().equals("notes-api") ? "{\"title\":\"denied\",\"content\":\"no PutItem\"}"
                : "{\"email\":\"denied@example.com\"}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.httpEndpoint() + path))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /**
     * The function's log shows AWS's refusal, naming the function's role session and the policy outcome. (The functions
     * log the SDK exception's message and class; the error code itself, AccessDeniedException or, for SQS,
     * AccessDenied, is in the HTTP answer they got, not in their log lines.)
     */
    private static void awaitLog(Case c, int from, String refusal, String roleName) {
        String principal = "User: arn:aws:sts::" + ACCOUNT + ":assumed-role/" + roleName + "/" + c.function() + " " + refusal
                + " because no identity-based policy allows the "
                + (c.action().startsWith("sqs:") ? c.action().toLowerCase(java.util.Locale.ROOT) : c.action()) + " action";
        await(() -> {
            List<String> lines = runtime.functionLog(c.function());
            String text = String.join("\n", lines.subList(Math.min(from, lines.size()), lines.size()));
            return text.contains(principal);
        }, c.function() + "'s log to show " + principal);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PASS_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
