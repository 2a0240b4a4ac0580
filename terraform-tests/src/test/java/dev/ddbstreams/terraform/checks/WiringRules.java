package dev.ddbstreams.terraform.checks;

import dev.ddbstreams.local.wiring.FunctionSpec;
import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.QueueSpec;
import dev.ddbstreams.local.wiring.SourceType;
import dev.ddbstreams.local.wiring.Wiring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
     * wildcard: Terraform grants exactly these, on exactly those resources. (A resource kind other than tables
     * and queues, the two Terraform grants on, is refused by the wiring reader itself.)
     */
    public static CheckReport permissionsAreExact(Wiring wiring) {
        CheckReport.Builder report = new CheckReport.Builder("wiring permissions exact");
        wiring.functions().forEach((name, function) -> {
            report.checked("function " + name);
            checkGrants(name, "table", function.permissions().tables(), wiring.tables().keySet(), report);
            checkGrants(name, "queue", function.permissions().queues(), wiring.queues().keySet(), report);
        });
        return report.build();
    }

    private static void checkGrants(String function, String kind, Map<String, List<String>> grants, Set<String> declared,
            CheckReport.Builder report) {
        grants.forEach((resource, actions) -> {
            report.require(declared.contains(resource),
                    "function " + function + ": permissions on undeclared " + kind + " " + resource);
            report.require(!actions.isEmpty(),
                    "function " + function + ": permissions on " + kind + " " + resource + " must be a non-empty list of actions");
            actions.forEach(action -> report.require(action != null && IAM_ACTION.matcher(action).matches(),
                    "function " + function + ": \"" + action + "\" on " + kind + " " + resource
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
            if (!mapping.source().type().isStream()) {
                return;
            }
            report.checked("mapping " + name);
            int retries = mapping.maximumRetryAttempts();
            report.require(retries >= 0 && retries <= 10000,
                    "mapping " + name + ": maximumRetryAttempts must be 0..10000 (-1 or missing retries until the record expires), is " + retries);
            report.require("TRIM_HORIZON".equals(mapping.startingPosition()) || "LATEST".equals(mapping.startingPosition()),
                    "mapping " + name + ": startingPosition must be TRIM_HORIZON or LATEST");
            String destination = mapping.onFailureQueue();
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
        wiring.queues().values().stream().map(QueueSpec::deadLetterQueue).filter(Objects::nonNull).forEach(deadLetterTargets::add);
        wiring.mappings().values().stream().map(MappingSpec::onFailureQueue).filter(Objects::nonNull).forEach(deadLetterTargets::add);

        wiring.queues().forEach((name, queue) -> {
            report.checked("queue " + name);
            String dlq = queue.deadLetterQueue();
            if (dlq != null) {
                report.require(wiring.queues().containsKey(dlq), "queue " + name + ": dead-letter queue " + dlq + " is not declared");
                report.require(Objects.requireNonNullElse(queue.maxReceiveCount(), 0) >= 1,
                        "queue " + name + ": a dead-letter queue needs maxReceiveCount >= 1");
            }
            if (deadLetterTargets.contains(name)) {
                report.require(Objects.requireNonNullElse(queue.messageRetentionSeconds(), 0) == FOURTEEN_DAYS,
                        "queue " + name + ": receives failed messages, so it must keep them 14 days (messageRetentionSeconds 1209600), keeps "
                                + queue.messageRetentionSeconds());
            }
        });
        wiring.mappings().forEach((name, mapping) -> {
            if (mapping.source().type() != SourceType.SQS) {
                return;
            }
            String queueName = mapping.source().queue();
            QueueSpec queue = wiring.queues().get(queueName);
            FunctionSpec function = wiring.functions().get(mapping.function());
            if (queue == null || function == null) {
                report.violation("mapping " + name + ": source queue or function is not declared");
                return;
            }
            int visibility = Objects.requireNonNullElse(queue.visibilityTimeoutSeconds(), SQS_DEFAULT_VISIBILITY_SECONDS);
            int timeout = function.timeoutSeconds();
            report.require(visibility >= 6 * timeout, "queue " + queueName + ": visibility timeout " + visibility
                    + " s is less than 6 x the timeout of " + mapping.function() + " (" + timeout + " s)");
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
            Set<String> granted = grantedByModule.computeIfAbsent(function.module(), module -> new TreeSet<>());
            function.permissions().tables().values().forEach(granted::addAll);
            function.permissions().queues().values().forEach(granted::addAll);
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
