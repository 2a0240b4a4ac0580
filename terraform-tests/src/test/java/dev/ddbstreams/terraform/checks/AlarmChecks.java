package dev.ddbstreams.terraform.checks;

import dev.ddbstreams.terraform.hcl.Block;
import dev.ddbstreams.terraform.hcl.Expr;
import dev.ddbstreams.terraform.hcl.TerraformConfiguration;
import dev.ddbstreams.terraform.hcl.TerraformModule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Production rules for the CloudWatch alarms, checked on the Terraform source: each thing that can fail
 * silently has an alarm, created per resource from the wiring (so a queue or function added to wiring.json
 * gets its alarm without anyone remembering to), on the metric and dimensions AWS documents, notifying the
 * SNS topic when one is configured.
 *
 * <p>As with {@link PolicyChecks}, the rule is proven in two halves: here, that each alarm is created
 * {@code for_each} over a variable and that every caller fills that variable from the wiring fields that
 * name the resources; in {@code TerraformPlanIT}, with a real plan, that every wiring entry got its alarm.
 */
public final class AlarmChecks {

    private static final String ALARM = "aws_cloudwatch_metric_alarm";

    /**
     * One metric as AWS documents it: the dimension sets it is published with, and the statistics its
     * page says to read it with.
     */
    record DocumentedMetric(String namespace, String metric, List<Set<String>> dimensionSets, Set<String> statistics, String page) {
    }

    /** The metrics this project alarms on, from their AWS pages. */
    static final List<DocumentedMetric> DOCUMENTED = List.of(
            // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html: invocation metrics are
            // read with Sum; IteratorAge with Average or Maximum. Dimensions, from
            // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-view.html: FunctionName,
            // FunctionName + Resource (version or alias), FunctionName + Resource + ExecutedVersion.
            lambda("Errors", Set.of("Sum")),
            lambda("Throttles", Set.of("Sum")),
            lambda("IteratorAge", Set.of("Maximum", "Average")),
            new DocumentedMetric("AWS/SQS", "ApproximateNumberOfMessagesVisible", List.of(Set.of("QueueName")),
                    Set.of("Average", "Minimum", "Maximum", "Sum"),
                    "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html"),
            new DocumentedMetric("AWS/ApiGateway", "5xx", List.of(Set.of("ApiId"), Set.of("ApiId", "Stage")), Set.of("Sum", "Average"),
                    "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html"));

    /**
     * One alarm every instance of a kind of resource must have.
     *
     * @param what the resources, for messages ("every dead-letter and on-failure queue")
     * @param namespace the metric's namespace
     * @param metric the metric's name
     * @param dimension the dimension naming the resource
     * @param wiringReads patterns the caller's argument (locals resolved) must all match: where the wiring names these resources
     * @param readsWhat the same, for messages
     * @param hint added when the alarm is missing
     */
    record Requirement(String what, String namespace, String metric, String dimension, List<Pattern> wiringReads, String readsWhat,
            String hint) {
    }

    static final Requirement FAILURE_QUEUES = new Requirement("every dead-letter and on-failure queue", "AWS/SQS",
            "ApproximateNumberOfMessagesVisible", "QueueName",
            patterns("wiring\\.queues", "\\.deadLetterQueue\\b", "wiring\\.mappings", "\\.onFailureQueue\\b"),
            "the wiring's queues.*.deadLetterQueue and mappings.*.onFailureQueue",
            "a failed record or message would sit there unnoticed for 14 days, then vanish");

    static final Requirement STREAM_FUNCTIONS = new Requirement("every function a stream mapping feeds", "AWS/Lambda", "IteratorAge",
            "FunctionName", patterns("wiring\\.mappings", "\\.source\\.type\\b", "\\.function\\b"),
            "the wiring's stream mappings (mappings.*.source.type, mappings.*.function)",
            "a function falling behind its stream would only be noticed when records expire (24 h for DynamoDB Streams)");

    static final Requirement FUNCTION_ERRORS = functions("Errors");
    static final Requirement FUNCTION_THROTTLES = functions("Throttles");

    static final Requirement HTTP_API = new Requirement("the HTTP API", "AWS/ApiGateway", "5xx", "ApiId",
            patterns("module\\.http_api\\b"), "the HTTP API module (module.http_api)",
            "HTTP APIs publish \"5xx\" with ApiId; \"5XXError\" with ApiName is the REST API's metric, which an HTTP API never publishes");

    private AlarmChecks() {
    }

    /**
     * Every dead-letter queue and every on-failure destination has an ApproximateNumberOfMessagesVisible alarm.
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html">SQS dead-letter queues</a>
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html">SQS CloudWatch metrics</a>
     */
    public static CheckReport failureQueuesAlarmed(TerraformConfiguration configuration) {
        return covered(configuration, "failure queues alarmed", List.of(FAILURE_QUEUES));
    }

    /**
     * Every function a DynamoDB or Kinesis stream mapping feeds has an IteratorAge alarm (Lambda publishes
     * IteratorAge per function, so that is one per stream mapping's function).
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html">Lambda metrics: IteratorAge</a>
     */
    public static CheckReport streamMappingsAlarmed(TerraformConfiguration configuration) {
        return covered(configuration, "stream mappings alarmed", List.of(STREAM_FUNCTIONS));
    }

    /**
     * Every function has an Errors alarm and a Throttles alarm.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html">Lambda metrics: Errors, Throttles</a>
     */
    public static CheckReport functionsAlarmed(TerraformConfiguration configuration) {
        return covered(configuration, "functions alarmed", List.of(FUNCTION_ERRORS, FUNCTION_THROTTLES));
    }

    /**
     * The HTTP API has a 5xx alarm.
     *
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html">HTTP API metrics</a>
     */
    public static CheckReport httpApiAlarmed(TerraformConfiguration configuration) {
        return covered(configuration, "HTTP API alarmed", List.of(HTTP_API));
    }

    /**
     * Every alarm notifies the SNS topic, in alarm and back to OK, when one is configured: its
     * {@code alarm_actions} and {@code ok_actions} come from the topic (created, or given by ARN), and every
     * caller of the module passes the topic's variables on from its own variables, so a topic the user
     * configures reaches the alarms.
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html">Notifying users on alarm changes</a>
     */
    public static CheckReport alarmsNotify(TerraformConfiguration configuration) {
        CheckReport.Builder report = new CheckReport.Builder("alarms notify the topic");
        for (TerraformModule module : configuration.modules()) {
            Set<String> topicVariables = new LinkedHashSet<>();
            for (Block alarm : module.resources(ALARM).toList()) {
                report.checked(alarm.describe());
                for (String actions : List.of("alarm_actions", "ok_actions")) {
                    Optional<Expr> value = alarm.attribute(actions);
                    if (value.isEmpty()) {
                        report.violation(alarm.describe() + ": no " + actions + ": nobody hears of it");
                        continue;
                    }
                    String resolved = module.resolvedSource(value.get());
                    Set<String> variables = variablesIn(resolved).stream().filter(name -> name.contains("topic")).collect(Collectors.toSet());
                    boolean createdTopic = resolved.contains("aws_sns_topic.");
                    if (variables.isEmpty() && !createdTopic) {
                        report.violation(alarm.describe() + ": " + actions + " = " + value.get().source()
                                + " does not come from the SNS topic (a created aws_sns_topic or a *topic* variable)");
                    }
                    topicVariables.addAll(variables);
                }
            }
            // A created topic is switched on by a variable too (count = var.create_sns_topic ? 1 : 0).
            module.resources("aws_sns_topic").forEach(topic -> topic.attribute("count")
                    .ifPresent(count -> topicVariables.addAll(variablesIn(module.resolvedSource(count)))));
            if (topicVariables.isEmpty()) {
                continue;
            }
            for (Call call : callers(configuration, module)) {
                for (String variable : topicVariables) {
                    Optional<Expr> argument = call.block().attribute(variable);
                    report.require(argument.isPresent() && !variablesIn(call.caller().resolvedSource(argument.get())).isEmpty(),
                            call.describe() + " does not pass " + variable + " from a variable of its own: a topic the user configures never reaches the alarms");
                }
            }
        }
        return report.build();
    }

    /**
     * Every alarm watches a metric as AWS documents it (namespace, name, one of its dimension sets, a
     * statistic its page recommends), takes its threshold, period and evaluation periods from variables, and
     * says how missing data counts.
     */
    public static CheckReport alarmsAsDocumented(TerraformConfiguration configuration) {
        CheckReport.Builder report = new CheckReport.Builder("alarms as AWS documents the metrics");
        for (TerraformModule module : configuration.modules()) {
            for (Block alarm : module.resources(ALARM).toList()) {
                String where = alarm.describe();
                report.checked(where);
                String namespace = constantString(alarm, "namespace");
                String metric = constantString(alarm, "metric_name");
                Optional<DocumentedMetric> documented = DOCUMENTED.stream()
                        .filter(candidate -> candidate.namespace().equals(namespace) && candidate.metric().equals(metric))
                        .findFirst();
                if (documented.isEmpty()) {
                    report.violation(where + ": " + namespace + " " + metric + " is not a metric whose documented dimensions are recorded here "
                            + "(namespace and metric_name must be literals; add the metric with its AWS page to AlarmChecks.DOCUMENTED)");
                } else {
                    Set<String> dimensions = alarm.attribute("dimensions").map(Expr::objectAttributes).map(Map::keySet).orElse(Set.of());
                    report.require(documented.get().dimensionSets().contains(dimensions),
                            where + ": dimensions " + dimensions + " are not how AWS publishes " + namespace + " " + metric
                                    + " (documented: " + documented.get().dimensionSets() + ", " + documented.get().page() + ")");
                    String statistic = constantString(alarm, "statistic");
                    report.require(documented.get().statistics().contains(statistic),
                            where + ": statistic " + statistic + " for " + metric + " (documented: " + documented.get().statistics() + ")");
                }
                for (String setting : List.of("threshold", "period", "evaluation_periods")) {
                    Optional<Expr> value = alarm.attribute(setting);
                    report.require(value.isPresent() && value.get().constant().isEmpty() && !variablesIn(module.resolvedSource(value.get())).isEmpty(),
                            where + ": " + setting + " = " + value.map(Expr::source).orElse("(default)")
                                    + " is not taken from a variable (thresholds and periods are the user's to tune)");
                }
                report.require(alarm.attribute("treat_missing_data").flatMap(Expr::constant).isPresent(),
                        where + ": treat_missing_data is not set: a function without traffic sends no data point, "
                                + "and the default (missing) leaves the alarm INSUFFICIENT_DATA");
            }
        }
        return report.build();
    }

    private static CheckReport covered(TerraformConfiguration configuration, String check, List<Requirement> requirements) {
        CheckReport.Builder report = new CheckReport.Builder(check);
        for (Requirement requirement : requirements) {
            List<Found> alarms = new ArrayList<>();
            for (TerraformModule module : configuration.modules()) {
                module.resources(ALARM)
                        .filter(alarm -> requirement.namespace().equals(constantString(alarm, "namespace"))
                                && requirement.metric().equals(constantString(alarm, "metric_name")))
                        .forEach(alarm -> alarms.add(new Found(module, alarm)));
            }
            if (alarms.isEmpty()) {
                report.violation("no " + requirement.namespace() + " " + requirement.metric() + " alarm for " + requirement.what() + ": "
                        + requirement.hint());
                continue;
            }
            for (Found found : alarms) {
                checkCoverage(configuration, requirement, found, report);
            }
        }
        return report.build();
    }

    private static void checkCoverage(TerraformConfiguration configuration, Requirement requirement, Found found, CheckReport.Builder report) {
        TerraformModule module = found.module();
        Block alarm = found.alarm();
        String where = alarm.describe();
        report.checked(where + " (" + requirement.metric() + ")");
        Optional<Expr> iteration = alarm.attribute("for_each").or(() -> alarm.attribute("count"));
        if (iteration.isEmpty()) {
            report.violation(where + ": one alarm, not one per resource: " + requirement.what() + " needs its own (for_each over the resources)");
            return;
        }
        String iterationSource = module.resolvedSource(iteration.get());
        Set<String> variables = variablesIn(iterationSource);
        Expr dimension = alarm.attribute("dimensions").map(Expr::objectAttributes).map(d -> d.get(requirement.dimension())).orElse(null);
        if (dimension == null) {
            report.violation(where + ": no " + requirement.dimension() + " dimension: the alarm watches no particular resource");
        } else if (alarm.attribute("for_each").isPresent()) {
            report.require(dimension.source().matches(".*\\beach\\.(value|key)\\b.*"),
                    where + ": " + requirement.dimension() + " = " + dimension.source() + " is not the resource the alarm is created for (each.value)");
        }
        if (module.path().isEmpty()) {
            // Created in the root: the iteration itself must read the wiring.
            requireReadsWiring(requirement, where + " for_each = " + iteration.get().source(), iterationSource, report);
            return;
        }
        if (variables.isEmpty()) {
            report.violation(where + ": iterates over " + iteration.get().source() + ", not over a variable the wiring fills: "
                    + requirement.what() + " would not get its alarm");
            return;
        }
        List<Call> calls = callers(configuration, module);
        report.require(!calls.isEmpty(), where + ": module " + module.path() + " is never instantiated, so no alarm is created");
        for (Call call : calls) {
            for (String variable : variables) {
                Optional<Expr> argument = call.block().attribute(variable);
                if (argument.isEmpty()) {
                    report.violation(call.describe() + " does not pass " + variable + ": " + requirement.what() + " gets no "
                            + requirement.metric() + " alarm");
                    continue;
                }
                requireReadsWiring(requirement, call.describe() + " passes " + variable + " = " + argument.get().source(),
                        call.caller().resolvedSource(argument.get()), report);
            }
        }
    }

    private static void requireReadsWiring(Requirement requirement, String what, String resolvedSource, CheckReport.Builder report) {
        List<String> unread = requirement.wiringReads().stream()
                .filter(pattern -> !pattern.matcher(resolvedSource).find())
                .map(Pattern::pattern)
                .toList();
        report.require(unread.isEmpty(), what + ", which is not derived from " + requirement.readsWhat()
                + ": a resource added to wiring.json would get no " + requirement.metric() + " alarm (not read: " + unread + ")");
    }

    /** A module block calling a module, and the module it is written in. */
    private record Call(TerraformModule caller, Block block) {

        String describe() {
            return caller.displayName() + " module \"" + block.label(0) + "\"";
        }
    }

    private record Found(TerraformModule module, Block alarm) {
    }

    private static List<Call> callers(TerraformConfiguration configuration, TerraformModule called) {
        List<Call> calls = new ArrayList<>();
        for (TerraformModule caller : configuration.modules()) {
            caller.blocks("module")
                    .filter(block -> caller.calledModulePath(block).filter(called.path()::equals).isPresent())
                    .forEach(block -> calls.add(new Call(caller, block)));
        }
        return calls;
    }

    private static final Pattern VARIABLE = Pattern.compile("(?<![\\w.])var\\.([A-Za-z_][\\w-]*)");

    private static Set<String> variablesIn(String source) {
        Set<String> variables = new LinkedHashSet<>();
        var matcher = VARIABLE.matcher(source);
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
        return variables;
    }

    private static String constantString(Block block, String attribute) {
        return block.attribute(attribute).flatMap(Expr::constant).map(String::valueOf).orElse(null);
    }

    private static DocumentedMetric lambda(String metric, Set<String> statistics) {
        return new DocumentedMetric("AWS/Lambda", metric,
                List.of(Set.of("FunctionName"), Set.of("FunctionName", "Resource"), Set.of("FunctionName", "Resource", "ExecutedVersion")),
                statistics, "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html");
    }

    private static Requirement functions(String metric) {
        return new Requirement("every function", "AWS/Lambda", metric, "FunctionName",
                patterns("wiring\\.functions|\\bfunction_names\\b"),
                "the wiring's functions (wiring.functions, or the function_names every scenario group outputs)",
                "a function failing or throttled would go unnoticed until its records expire or its callers complain");
    }

    private static List<Pattern> patterns(String... regexes) {
        return java.util.Arrays.stream(regexes).map(Pattern::compile).toList();
    }
}
