package dev.ddbstreams.terraform.checks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.terraform.support.Wiring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The wiring half of the production rules: the values Terraform takes from wiring.json satisfy them.
 * (The Terraform half, that the modules use those values and refuse a plan without them, is
 * {@link PolicyChecks} and {@link WiringContract}.)
 */
public final class WiringRules {

    /** Dead-letter queues and on-failure destinations keep messages for the SQS maximum. */
    static final int FOURTEEN_DAYS = 1_209_600;

    /** SQS's visibility timeout when a queue declares none. */
    static final int SQS_DEFAULT_VISIBILITY_SECONDS = 30;

    private static final Pattern IAM_ACTION = Pattern.compile("^[a-z0-9-]+:[A-Z][A-Za-z0-9]*$");

    /** AWS SDK v2 client calls, and the IAM actions they need (a transaction needs the item-level actions). */
    private static final Map<String, Set<String>> SDK_CALL_ACTIONS = sdkCallActions();

    private static final Pattern SDK_CALL = Pattern.compile("\\.(" + String.join("|", SDK_CALL_ACTIONS.keySet()) + ")\\(");

    private WiringRules() {
    }

    /**
     * Every function's permissions name declared tables and queues and well-formed actions without a
     * wildcard: Terraform grants exactly these, on exactly those resources.
     */
    public static CheckReport permissionsAreExact(Wiring wiring) {
        CheckReport.Builder report = new CheckReport.Builder("wiring permissions exact");
        wiring.functions().forEach((name, function) -> {
            report.checked("function " + name);
            JsonNode permissions = function.path("permissions");
            permissions.fieldNames().forEachRemaining(kind -> report.require(kind.equals("tables") || kind.equals("queues"),
                    "function " + name + ": permissions." + kind + " is not a resource kind Terraform grants on (tables, queues)"));
            checkGrants(name, "table", permissions.path("tables"), wiring.tables().keySet(), report);
            checkGrants(name, "queue", permissions.path("queues"), wiring.queues().keySet(), report);
        });
        return report.build();
    }

    private static void checkGrants(String function, String kind, JsonNode grants, Set<String> declared, CheckReport.Builder report) {
        grants.fields().forEachRemaining(grant -> {
            report.require(declared.contains(grant.getKey()),
                    "function " + function + ": permissions on undeclared " + kind + " " + grant.getKey());
            report.require(grant.getValue().isArray() && !grant.getValue().isEmpty(),
                    "function " + function + ": permissions on " + kind + " " + grant.getKey() + " must be a non-empty list of actions");
            grant.getValue().forEach(action -> report.require(IAM_ACTION.matcher(action.asText()).matches(),
                    "function " + function + ": \"" + action.asText() + "\" on " + kind + " " + grant.getKey()
                            + " is not one exact IAM action (service:Action, no wildcard)"));
        });
    }

    /**
     * Every stream mapping has bounded retries, a starting position and an on-failure destination that is
     * a declared queue.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html">Error handling for DynamoDB event sources</a>
     */
    public static CheckReport streamMappingsBounded(Wiring wiring) {
        CheckReport.Builder report = new CheckReport.Builder("wiring stream mappings bounded");
        wiring.mappings().forEach((name, mapping) -> {
            if (!Wiring.isStreamMapping(mapping)) {
                return;
            }
            report.checked("mapping " + name);
            JsonNode retries = mapping.get("maximumRetryAttempts");
            report.require(retries != null && retries.isInt() && retries.asInt() >= 0 && retries.asInt() <= 10000,
                    "mapping " + name + ": maximumRetryAttempts must be 0..10000 (-1 or missing retries until the record expires), is " + retries);
            report.require(Wiring.text(mapping, "startingPosition").filter(p -> p.equals("TRIM_HORIZON") || p.equals("LATEST")).isPresent(),
                    "mapping " + name + ": startingPosition must be TRIM_HORIZON or LATEST");
            String destination = Wiring.text(mapping, "onFailureQueue").orElse(null);
            report.require(destination != null && wiring.queues().containsKey(destination),
                    "mapping " + name + ": onFailureQueue must name a declared queue, is " + destination);
        });
        return report.build();
    }

    /**
     * Dead-letter queues and on-failure destinations keep messages 14 days; queues with a dead-letter queue
     * redrive after a bounded number of receives; a queue feeding a function stays invisible at least 6
     * times the function's timeout.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html">Configuring a queue for Lambda (visibility timeout)</a>
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html">SQS dead-letter queues</a>
     */
    public static CheckReport queuesSafe(Wiring wiring) {
        CheckReport.Builder report = new CheckReport.Builder("wiring queues safe");
        Set<String> deadLetterTargets = new TreeSet<>();
        wiring.queues().forEach((name, queue) -> Wiring.text(queue, "deadLetterQueue").ifPresent(deadLetterTargets::add));
        wiring.mappings().values().forEach(mapping -> Wiring.text(mapping, "onFailureQueue").ifPresent(deadLetterTargets::add));

        wiring.queues().forEach((name, queue) -> {
            report.checked("queue " + name);
            Wiring.text(queue, "deadLetterQueue").ifPresent(dlq -> {
                report.require(wiring.queues().containsKey(dlq), "queue " + name + ": dead-letter queue " + dlq + " is not declared");
                report.require(queue.path("maxReceiveCount").asInt(0) >= 1,
                        "queue " + name + ": a dead-letter queue needs maxReceiveCount >= 1");
            });
            if (deadLetterTargets.contains(name)) {
                report.require(queue.path("messageRetentionSeconds").asInt(0) == FOURTEEN_DAYS,
                        "queue " + name + ": receives failed messages, so it must keep them 14 days (messageRetentionSeconds 1209600), keeps "
                                + queue.path("messageRetentionSeconds"));
            }
        });
        wiring.mappings().forEach((name, mapping) -> {
            if (!mapping.path("source").path("type").asText().equals("sqs")) {
                return;
            }
            String queueName = mapping.path("source").path("queue").asText();
            JsonNode queue = wiring.queues().get(queueName);
            JsonNode function = wiring.functions().get(mapping.path("function").asText());
            if (queue == null || function == null) {
                report.violation("mapping " + name + ": source queue or function is not declared");
                return;
            }
            int visibility = queue.path("visibilityTimeoutSeconds").asInt(SQS_DEFAULT_VISIBILITY_SECONDS);
            int timeout = function.path("timeoutSeconds").asInt();
            report.require(visibility >= 6 * timeout, "queue " + queueName + ": visibility timeout " + visibility
                    + " s is less than 6 x the timeout of " + mapping.path("function").asText() + " (" + timeout + " s)");
        });
        return report.build();
    }

    /**
     * The code cannot outgrow its permissions: every AWS SDK call in a function module's main sources
     * needs an IAM action that at least one function built from that module is granted. (The reverse,
     * a grant no code uses, is not flagged: one jar serves several functions with different needs.)
     */
    public static CheckReport codeCallsArePermitted(Wiring wiring, Path repositoryRoot) {
        CheckReport.Builder report = new CheckReport.Builder("SDK calls permitted");
        Map<String, Set<String>> grantedByModule = new LinkedHashMap<>();
        wiring.functions().forEach((name, function) -> {
            Set<String> granted = grantedByModule.computeIfAbsent(function.path("module").asText(), module -> new TreeSet<>());
            function.path("permissions").forEach(kind -> kind.forEach(actions -> actions.forEach(a -> granted.add(a.asText()))));
        });
        grantedByModule.forEach((module, granted) -> {
            Path sources = repositoryRoot.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                return;
            }
            report.checked("module " + module);
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                    Matcher call = SDK_CALL.matcher(read(file));
                    while (call.find()) {
                        Set<String> needs = SDK_CALL_ACTIONS.get(call.group(1));
                        report.require(needs.stream().anyMatch(granted::contains), module + "/" + sources.relativize(file)
                                + " calls " + call.group(1) + "(), which needs one of " + needs
                                + ", but no function built from " + module + " is granted it in wiring.json permissions");
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return report.build();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Set<String>> sdkCallActions() {
        Map<String, Set<String>> calls = new LinkedHashMap<>();
        calls.put("putItem", Set.of("dynamodb:PutItem"));
        calls.put("getItem", Set.of("dynamodb:GetItem"));
        calls.put("updateItem", Set.of("dynamodb:UpdateItem"));
        calls.put("deleteItem", Set.of("dynamodb:DeleteItem"));
        calls.put("scan", Set.of("dynamodb:Scan"));
        calls.put("query", Set.of("dynamodb:Query"));
        calls.put("batchGetItem", Set.of("dynamodb:BatchGetItem"));
        calls.put("batchWriteItem", Set.of("dynamodb:BatchWriteItem"));
        calls.put("transactGetItems", Set.of("dynamodb:GetItem"));
        calls.put("transactWriteItems", Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"));
        calls.put("sendMessage", Set.of("sqs:SendMessage"));
        calls.put("sendMessageBatch", Set.of("sqs:SendMessage"));
        calls.put("putRecord", Set.of("kinesis:PutRecord"));
        calls.put("putRecords", Set.of("kinesis:PutRecords"));
        return calls;
    }
}
