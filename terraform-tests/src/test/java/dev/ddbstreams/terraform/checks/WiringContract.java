package dev.ddbstreams.terraform.checks;

import dev.ddbstreams.terraform.hcl.Block;
import dev.ddbstreams.terraform.hcl.Expr;
import dev.ddbstreams.terraform.hcl.TerraformConfiguration;
import dev.ddbstreams.terraform.hcl.TerraformModule;
import dev.ddbstreams.local.wiring.Wiring;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openrewrite.hcl.HclIsoVisitor;
import org.openrewrite.hcl.tree.Hcl;

/**
 * Proves that Terraform takes every table, stream, queue, function, mapping and route setting from
 * wiring.json (the file the local runtime reads) and hard-codes none, hop by hop:
 * <ol>
 *   <li>root: every scenario module instance gets {@code wiring = local.wiring}, and {@code local.wiring}
 *       is {@code jsondecode(file("${path.module}/wiring.json"))};</li>
 *   <li>modules/scenario: each building block is instantiated {@code for_each} over the wiring collection,
 *       filtered by group, and each argument reads its wiring field ({@code each.value.batchSize}), with no
 *       literal fallback;</li>
 *   <li>the building block: the resource attribute reads that variable ({@code var.batch_size}), directly or
 *       through locals and dynamic-block iterators, with no literal other than {@code null}.</li>
 * </ol>
 * And coverage: every field the wiring model ({@link Wiring#declarableFields()}, the one reader of the file,
 * which refuses any other field) is one of the {@link #SETTINGS} or a declared non-setting, so a field added
 * to the wiring and forgotten by Terraform fails the build.
 */
public final class WiringContract {

    /**
     * One wiring field's path into a resource attribute.
     *
     * @param collection wiring collection ("mappings") or "httpApi"
     * @param field the wiring field ("batchSize")
     * @param caller module directory that instantiates the building block ("modules/scenario", or "" for the root)
     * @param call the module block in the caller ("mappings")
     * @param argument the argument of that call, a variable of the building block ("batch_size")
     * @param buildingBlock the building block's directory ("modules/event-source-mapping")
     * @param resource the block in the building block: "resource.TYPE" (every one) or "data.TYPE.NAME"
     * @param attribute the attribute path in that block ("destination_config.on_failure.destination_arn")
     * @param literalsAllowed whether the caller's argument may contain string literals (a path template)
     */
    public record Setting(String collection, String field, String caller, String call, String argument,
            String buildingBlock, String resource, String attribute, boolean literalsAllowed) {

        /** @return "mappings.batchSize" */
        public String name() {
            return collection + "." + field;
        }
    }

    private static final String SCENARIO = "modules/scenario";

    /** Every setting wiring.json may declare, and where Terraform uses it. */
    public static final List<Setting> SETTINGS = List.of(
            scenario("tables", "hashKey", "tables", "hash_key", "modules/stream-table", "resource.aws_dynamodb_table", "hash_key"),
            scenario("tables", "hashKey", "tables", "hash_key", "modules/stream-table", "resource.aws_dynamodb_table", "attribute.name"),
            scenario("tables", "rangeKey", "tables", "range_key", "modules/stream-table", "resource.aws_dynamodb_table", "range_key"),
            scenario("tables", "rangeKey", "tables", "range_key", "modules/stream-table", "resource.aws_dynamodb_table", "attribute.type"),
            scenario("tables", "streamViewType", "tables", "stream_view_type", "modules/stream-table", "resource.aws_dynamodb_table", "stream_view_type"),
            scenario("tables", "streamViewType", "tables", "stream_view_type", "modules/stream-table", "resource.aws_dynamodb_table", "stream_enabled"),
            scenario("tables", "billingMode", "tables", "billing_mode", "modules/stream-table", "resource.aws_dynamodb_table", "billing_mode"),
            scenario("tables", "readCapacity", "tables", "read_capacity", "modules/stream-table", "resource.aws_dynamodb_table", "read_capacity"),
            scenario("tables", "writeCapacity", "tables", "write_capacity", "modules/stream-table", "resource.aws_dynamodb_table", "write_capacity"),
            scenario("tables", "ttlAttribute", "tables", "ttl_attribute", "modules/stream-table", "resource.aws_dynamodb_table", "ttl.attribute_name"),

            scenario("kinesisStreams", "shardCount", "kinesis_streams", "shard_count", "modules/kinesis-stream", "resource.aws_kinesis_stream", "shard_count"),
            scenario("kinesisStreams", "retentionHours", "kinesis_streams", "retention_hours", "modules/kinesis-stream", "resource.aws_kinesis_stream", "retention_period"),

            scenario("queues", "visibilityTimeoutSeconds", "standalone_queues", "visibility_timeout_seconds", "modules/queue", "resource.aws_sqs_queue", "visibility_timeout_seconds"),
            scenario("queues", "visibilityTimeoutSeconds", "redriven_queues", "visibility_timeout_seconds", "modules/queue", "resource.aws_sqs_queue", "visibility_timeout_seconds"),
            scenario("queues", "messageRetentionSeconds", "standalone_queues", "message_retention_seconds", "modules/queue", "resource.aws_sqs_queue", "message_retention_seconds"),
            scenario("queues", "messageRetentionSeconds", "redriven_queues", "message_retention_seconds", "modules/queue", "resource.aws_sqs_queue", "message_retention_seconds"),
            scenario("queues", "deadLetterQueue", "redriven_queues", "dead_letter_queue_arn", "modules/queue", "resource.aws_sqs_queue", "redrive_policy"),
            scenario("queues", "maxReceiveCount", "redriven_queues", "max_receive_count", "modules/queue", "resource.aws_sqs_queue", "redrive_policy"),

            scenario("functions", "handler", "functions", "handler", "modules/function", "resource.aws_lambda_function", "handler"),
            scenario("functions", "memoryMb", "functions", "memory_size", "modules/function", "resource.aws_lambda_function", "memory_size"),
            scenario("functions", "timeoutSeconds", "functions", "timeout", "modules/function", "resource.aws_lambda_function", "timeout"),
            new Setting("functions", "module", SCENARIO, "functions", "jar_path", "modules/function", "resource.aws_lambda_function", "filename", true),
            scenario("functions", "environment", "functions", "environment", "modules/function", "resource.aws_lambda_function", "environment.variables"),
            scenario("functions", "permissions", "functions", "policy_statements", "modules/function", "data.aws_iam_policy_document.this", "statement.actions"),
            scenario("functions", "permissions", "functions", "policy_statements", "modules/function", "data.aws_iam_policy_document.this", "statement.resources"),

            scenario("mappings", "function", "mappings", "function_name", "modules/event-source-mapping", "resource.aws_lambda_event_source_mapping", "function_name"),
            scenario("mappings", "source", "mappings", "event_source_arn", "modules/event-source-mapping", "resource.aws_lambda_event_source_mapping", "event_source_arn"),
            scenario("mappings", "batchSize", "mappings", "batch_size", "modules/event-source-mapping", "resource.aws_lambda_event_source_mapping", "batch_size"),
            scenario("mappings", "maximumBatchingWindowInSeconds", "mappings", "maximum_batching_window_in_seconds", "modules/event-source-mapping", "resource.aws_lambda_event_source_mapping", "maximum_batching_window_in_seconds"),
            scenario("mappings", "startingPosition", "mappings", "starting_position", "modules/event-source-mapping", "resource.aws_lambda_event_source_mapping", "starting_position"),
            scenario("mappings", "maximumRetryAttempts", "mappings", "maximum_retry_attempts", "modules/event-source-mapping", "resource.aws_lambda_event_source_mapping", "maximum_retry_attempts"),
            scenario("mappings", "bisectBatchOnFunctionError", "mappings", "bisect_batch_on_function_error", "modules/event-source-mapping", "resource.aws_lambda_event_source_mapping", "bisect_batch_on_function_error"),
            scenario("mappings", "maximumRecordAgeInSeconds", "mappings", "maximum_record_age_in_seconds", "modules/event-source-mapping", "resource.aws_lambda_event_source_mapping", "maximum_record_age_in_seconds"),
            scenario("mappings", "onFailureQueue", "mappings", "on_failure_destination_arn", "modules/event-source-mapping", "resource.aws_lambda_event_source_mapping", "destination_config.on_failure.destination_arn"),
            scenario("mappings", "filters", "mappings", "filter_patterns", "modules/event-source-mapping", "resource.aws_lambda_event_source_mapping", "filter_criteria.filter.pattern"),

            root("throttlingBurstLimit", "throttling_burst_limit", "resource.aws_apigatewayv2_stage", "default_route_settings.throttling_burst_limit"),
            root("throttlingRateLimit", "throttling_rate_limit", "resource.aws_apigatewayv2_stage", "default_route_settings.throttling_rate_limit"),
            root("routes", "routes", "resource.aws_apigatewayv2_route", "route_key"));

    /** Wiring fields that are not settings of a resource, and why. */
    public static final Map<String, String> NOT_SETTINGS = Map.of(
            "tables.group", "selects the module instance (checked by the group filters)",
            "kinesisStreams.group", "selects the module instance (checked by the group filters)",
            "queues.group", "selects the module instance (checked by the group filters)",
            "functions.group", "selects the module instance (checked by the group filters)",
            "mappings.scenario", "the row of the scenario catalogue, documentation only");

    private static final Set<String> GROUPED = Set.of("tables", "kinesisStreams", "queues", "functions");

    /** The wiring's collections, each deployed by the scenario module (the HTTP API by the root). */
    private static final Set<String> DEPLOYED = Set.of("tables", "kinesisStreams", "queues", "functions", "mappings", "httpApi");

    private WiringContract() {
    }

    private static Setting scenario(String collection, String field, String call, String argument, String buildingBlock,
            String resource, String attribute) {
        return new Setting(collection, field, SCENARIO, call, argument, buildingBlock, resource, attribute, false);
    }

    private static Setting root(String field, String argument, String resource, String attribute) {
        return new Setting("httpApi", field, "", "http_api", argument, "modules/http-api", resource, attribute, false);
    }

    /** Every hop of every setting, the group filters, the root's reading of the file, and coverage of the model's fields. */
    public static CheckReport check(TerraformConfiguration configuration, Map<String, List<String>> wiringFields) {
        CheckReport.Builder report = new CheckReport.Builder("wiring contract");
        checkRoot(configuration, report);
        checkGroupFilters(configuration, report);
        for (Setting setting : SETTINGS) {
            report.checked(setting.name() + " -> " + setting.buildingBlock() + " " + setting.attribute());
            checkCaller(configuration, setting, report);
            checkBuildingBlock(configuration, setting, report);
        }
        checkCoverage(wiringFields, report);
        return report.build();
    }

    /** Only the building-block hop (resource attribute reads the variable) of the selected settings. */
    public static CheckReport checkBuildingBlocks(TerraformConfiguration configuration, Predicate<Setting> selected) {
        CheckReport.Builder report = new CheckReport.Builder("wiring contract: building blocks");
        SETTINGS.stream().filter(selected).forEach(setting -> {
            report.checked(setting.name() + " -> " + setting.buildingBlock() + " " + setting.attribute());
            checkBuildingBlock(configuration, setting, report);
        });
        return report.build();
    }

    /** Only the caller hop (module argument reads the wiring field) of the selected settings. */
    public static CheckReport checkCallers(TerraformConfiguration configuration, Predicate<Setting> selected) {
        CheckReport.Builder report = new CheckReport.Builder("wiring contract: callers");
        SETTINGS.stream().filter(selected).forEach(setting -> {
            report.checked(setting.name() + " -> " + setting.call() + "." + setting.argument());
            checkCaller(configuration, setting, report);
        });
        return report.build();
    }

    /**
     * Only coverage: every field the wiring may declare is a known setting or a declared non-setting.
     *
     * @param wiringFields collection to the fields its entries may declare ({@link Wiring#declarableFields()})
     */
    public static CheckReport checkCoverage(Map<String, List<String>> wiringFields) {
        CheckReport.Builder report = new CheckReport.Builder("wiring contract: coverage");
        checkCoverage(wiringFields, report);
        return report.build();
    }

    private static void checkRoot(TerraformConfiguration configuration, CheckReport.Builder report) {
        Optional<TerraformModule> root = configuration.module("");
        if (root.isEmpty()) {
            report.violation("no root module");
            return;
        }
        report.require(root.get().local("wiring").map(Expr::source)
                        .filter(source -> source.equals("jsondecode(file(\"${path.module}/wiring.json\"))")).isPresent(),
                "root: local.wiring must be jsondecode(file(\"${path.module}/wiring.json\")), the file the local runtime reads");
        List<Block> instances = root.get().blocks("module")
                .filter(module -> module.attribute("source").map(s -> s.isConstant("./" + SCENARIO)).orElse(false))
                .toList();
        report.require(!instances.isEmpty(), "root: no instance of " + SCENARIO);
        for (Block instance : instances) {
            report.checked("root " + instance.describe());
            report.require(instance.attribute("wiring").map(Expr::source).filter("local.wiring"::equals).isPresent(),
                    "root: " + instance.describe() + " must get wiring = local.wiring");
        }
    }

    private static void checkGroupFilters(TerraformConfiguration configuration, CheckReport.Builder report) {
        Optional<TerraformModule> scenario = configuration.module(SCENARIO);
        if (scenario.isEmpty()) {
            report.violation("no module " + SCENARIO);
            return;
        }
        for (String collection : GROUPED) {
            boolean filtered = scenario.get().blocks("locals")
                    .flatMap(locals -> locals.attributes().values().stream())
                    .map(Expr::source)
                    .anyMatch(source -> source.contains("var.wiring." + collection) && source.contains(".group == var.group"));
            report.require(filtered, SCENARIO + ": no local selects var.wiring." + collection + " by .group == var.group");
        }
    }

    private static void checkCaller(TerraformConfiguration configuration, Setting setting, CheckReport.Builder report) {
        String where = (setting.caller().isEmpty() ? "root" : setting.caller()) + " module \"" + setting.call() + "\"";
        Optional<TerraformModule> caller = configuration.module(setting.caller());
        Optional<Block> call = caller.flatMap(module -> module.block("module", setting.call()));
        if (call.isEmpty()) {
            report.violation(setting.name() + ": " + where + " not found");
            return;
        }
        report.require(call.get().attribute("source").map(s -> s.isConstant(relativeSource(setting))).orElse(false),
                setting.name() + ": " + where + " must use " + relativeSource(setting));
        if (!setting.caller().isEmpty()) {
            Set<String> forEachReferences = resolve(caller.get(), null, call.get().attribute("for_each").orElse(null));
            report.require(forEachReferences.stream().anyMatch(r -> r.startsWith("var.wiring." + setting.collection())),
                    setting.name() + ": " + where + " must iterate (for_each) over var.wiring." + setting.collection());
        }
        Optional<Expr> argument = call.get().attribute(setting.argument());
        if (argument.isEmpty()) {
            report.violation(setting.name() + ": " + where + " does not pass " + setting.argument());
            return;
        }
        String expected = setting.caller().isEmpty()
                ? "local.wiring." + setting.collection() + "." + setting.field()
                : "each.value." + setting.field();
        Pattern readsField = setting.caller().isEmpty()
                ? Pattern.compile(Pattern.quote(expected) + "(?![\\w])")
                : Pattern.compile("(?<![\\w.])\\w+(?:\\.value)?\\." + Pattern.quote(setting.field()) + "(?![\\w])");
        String resolved = caller.get().resolvedSource(argument.get());
        report.require(readsField.matcher(resolved).find(),
                setting.name() + ": " + where + " passes " + setting.argument() + " = " + argument.get().source()
                        + ", which does not read the wiring (" + expected + ")");
        List<Object> literals = literals(argument.get());
        report.require(setting.literalsAllowed() || literals.isEmpty(),
                setting.name() + ": " + where + " hard-codes " + literals + " in " + setting.argument() + " = " + argument.get().source()
                        + " (a literal here is a setting the local runtime does not see)");
    }

    private static void checkBuildingBlock(TerraformConfiguration configuration, Setting setting, CheckReport.Builder report) {
        // "resource.TYPE" (every block of the type) or "data.TYPE.NAME" (that one block).
        String[] kindTypeName = setting.resource().split("\\.", 3);
        String[] labels = java.util.Arrays.copyOfRange(kindTypeName, 1, kindTypeName.length);
        Optional<TerraformModule> module = configuration.module(setting.buildingBlock());
        List<Block> blocks = module.map(m -> m.blocks(kindTypeName[0], labels).toList()).orElse(List.of());
        if (blocks.isEmpty()) {
            report.violation(setting.name() + ": no " + String.join(" ", kindTypeName) + " in " + setting.buildingBlock());
            return;
        }
        String variable = "var." + setting.argument();
        for (Block block : blocks) {
            String where = block.describe() + " " + setting.attribute();
            List<Found> found = find(block, setting.attribute().split("\\."));
            if (found.isEmpty()) {
                report.violation(setting.name() + ": " + where + " is not set");
                continue;
            }
            // Several blocks may match a path (static statements beside the generated ones): at least one
            // must read the variable, and those that do may add no literal.
            List<Found> reading = found.stream()
                    .filter(attribute -> resolve(module.get(), block, attribute.iterators(), attribute.value()).contains(variable))
                    .toList();
            if (reading.isEmpty()) {
                String sources = found.stream().map(attribute -> attribute.value().source()).collect(Collectors.joining(", "));
                report.violation(setting.name() + ": " + where + " = " + sources + " does not read " + variable
                        + " (hard-coded: the wiring's " + setting.field() + " never reaches it)");
            }
            for (Found attribute : reading) {
                List<Object> literals = literals(attribute.value());
                report.require(literals.isEmpty(), setting.name() + ": " + where + " = " + attribute.value().source()
                        + " hard-codes " + literals);
            }
        }
    }

    private static void checkCoverage(Map<String, List<String>> wiringFields, CheckReport.Builder report) {
        Set<String> known = SETTINGS.stream().map(Setting::name).collect(Collectors.toCollection(TreeSet::new));
        wiringFields.forEach((collection, fields) -> {
            report.checked("wiring " + collection + " fields " + fields);
            report.require(DEPLOYED.contains(collection), "wiring collection " + collection + " is not deployed by Terraform");
            for (String field : fields) {
                String name = collection + "." + field;
                report.require(known.contains(name) || NOT_SETTINGS.containsKey(name),
                        "wiring field " + name + " is neither read by Terraform (WiringContract.SETTINGS) nor declared a non-setting: "
                                + "Terraform and the local runtime would drift on it");
            }
        });
    }

    private static String relativeSource(Setting setting) {
        String from = setting.caller().isEmpty() ? "" : setting.caller();
        return from.isEmpty() ? "./" + setting.buildingBlock() : "../" + setting.buildingBlock().substring("modules/".length());
    }

    /** An attribute found under a block path, with the dynamic blocks (iterator name -> for_each) it sits in. */
    private record Found(Expr value, Map<String, Expr> iterators) {
    }

    private static List<Found> find(Block block, String[] path) {
        List<Found> found = new ArrayList<>();
        find(block, path, 0, new java.util.LinkedHashMap<>(), found);
        return found;
    }

    private static void find(Block block, String[] path, int index, Map<String, Expr> iterators, List<Found> found) {
        if (index == path.length - 1) {
            block.attribute(path[index]).ifPresent(value -> found.add(new Found(value, Map.copyOf(iterators))));
            return;
        }
        String childType = path[index];
        block.children(childType).forEach(child -> find(child, path, index + 1, iterators, found));
        block.dynamic(childType).ifPresent(dynamic -> {
            String iterator = dynamic.attribute("iterator").map(Expr::source).orElse(childType);
            Map<String, Expr> inner = new java.util.LinkedHashMap<>(iterators);
            dynamic.attribute("for_each").ifPresent(forEach -> inner.put(iterator, forEach));
            dynamic.children("content").forEach(content -> find(content, path, index + 1, inner, found));
        });
    }

    private static Set<String> resolve(TerraformModule module, Block resource, Expr expression) {
        return resolve(module, resource, Map.of(), expression);
    }

    /**
     * The references an expression finally reads: locals are replaced by what they read, dynamic-block
     * iterators by their for_each, and {@code each} by the resource's for_each.
     */
    private static Set<String> resolve(TerraformModule module, Block resource, Map<String, Expr> iterators, Expr expression) {
        Set<String> resolved = new LinkedHashSet<>();
        if (expression == null) {
            return resolved;
        }
        Deque<Map.Entry<String, Integer>> pending = new ArrayDeque<>();
        expression.references().forEach(reference -> pending.add(Map.entry(reference, 0)));
        iteratorReferences(expression, iterators).forEach(reference -> pending.add(Map.entry(reference, 0)));
        Set<String> seen = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            Map.Entry<String, Integer> next = pending.poll();
            String reference = next.getKey();
            if (!seen.add(reference) || next.getValue() > 8) {
                continue;
            }
            resolved.add(reference);
            if (reference.startsWith("local.")) {
                String name = reference.substring("local.".length()).split("[.\\[]", 2)[0];
                module.local(name).ifPresent(local -> {
                    local.references().forEach(r -> pending.add(Map.entry(r, next.getValue() + 1)));
                });
            } else if (reference.startsWith("each.") && resource != null) {
                resource.attribute("for_each")
                        .ifPresent(forEach -> forEach.references().forEach(r -> pending.add(Map.entry(r, next.getValue() + 1))));
            }
        }
        // var.x.y counts as reading var.x.
        Set<String> withRoots = new LinkedHashSet<>(resolved);
        for (String reference : resolved) {
            String[] parts = reference.split("[.\\[]");
            if (parts.length >= 2 && (parts[0].equals("var") || parts[0].equals("local"))) {
                withRoots.add(parts[0] + "." + parts[1]);
            }
        }
        return withRoots;
    }

    private static List<String> iteratorReferences(Expr expression, Map<String, Expr> iterators) {
        List<String> references = new ArrayList<>();
        iterators.forEach((iterator, forEach) -> {
            if (Pattern.compile("(?<![\\w.])" + Pattern.quote(iterator) + "\\.(value|key)").matcher(expression.source()).find()) {
                references.addAll(forEach.references());
                // An iterator nested in another iterator's for_each: resolve that one too.
                iterators.forEach((outer, outerForEach) -> {
                    if (!outer.equals(iterator) && forEach.source().matches(".*(?<![\\w.])" + Pattern.quote(outer) + "\\.(value|key).*")) {
                        references.addAll(outerForEach.references());
                    }
                });
            }
        });
        return references;
    }

    /** Literals (numbers, booleans, strings) in the expression; {@code null} is not a value, so it is allowed. */
    private static List<Object> literals(Expr expression) {
        List<Object> literals = new ArrayList<>();
        expression.node().acceptHcl(new HclIsoVisitor<List<Object>>() {
            @Override
            public Hcl.Literal visitLiteral(Hcl.Literal literal, List<Object> found) {
                if (literal.getValue() != null) {
                    found.add(literal.getValue());
                }
                return literal;
            }
        }, literals);
        return literals;
    }
}
