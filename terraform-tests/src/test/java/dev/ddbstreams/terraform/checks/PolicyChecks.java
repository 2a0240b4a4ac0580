package dev.ddbstreams.terraform.checks;

import dev.ddbstreams.terraform.hcl.Block;
import dev.ddbstreams.terraform.hcl.Expr;
import dev.ddbstreams.terraform.hcl.TerraformConfiguration;
import dev.ddbstreams.terraform.hcl.TerraformModule;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Production rules checked on the Terraform source, without Terraform: least-privilege IAM, encrypted
 * queues, tables with PITR and SSE, stream mappings that cannot block a shard forever, functions with
 * tracing and a log group with retention.
 *
 * <p>Where a module takes a value from a variable (the wiring), the rule is proven in two halves: here,
 * that the resource cannot be planned without it (a literal, or a precondition / variable validation
 * that refuses the plan), and in {@link WiringRules}, that the wiring's values satisfy it.
 */
public final class PolicyChecks {

    /** The only actions allowed on {@code "*"}: X-Ray offers no resource-level permissions for them. */
    static final Set<String> XRAY_ACTIONS = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

    private static final Pattern IAM_ACTION_WITH_WILDCARD = Pattern.compile("^[a-z0-9-]+:[A-Za-z0-9]*\\*[A-Za-z0-9*]*$");

    private PolicyChecks() {
    }

    /**
     * No IAM Allow statement grants a wildcard action, or a wildcard resource other than X-Ray's; policies
     * are only built from {@code aws_iam_policy_document}, and no managed policy is attached.
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege">IAM: grant least privilege</a>
     * @see <a href="https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html">X-Ray: PutTraceSegments supports no resource ARNs</a>
     */
    public static CheckReport iamLeastPrivilege(TerraformConfiguration configuration) {
        CheckReport.Builder report = new CheckReport.Builder("IAM least privilege");
        for (TerraformModule module : configuration.modules()) {
            for (Block document : module.blocks("data", "aws_iam_policy_document").toList()) {
                report.checked(document.describe());
                document.nested("statement").forEach(statement -> checkStatement(module, document, statement, report));
            }
            module.blocks("resource").forEach(resource -> {
                String type = resource.label(0);
                if (type.equals("aws_iam_role_policy_attachment") || type.equals("aws_iam_policy_attachment")
                        || resource.attribute("managed_policy_arns").isPresent()) {
                    report.violation(resource.describe() + ": attaches a managed policy; managed policies are not scoped to this system's resources");
                }
                for (String attribute : List.of("policy", "assume_role_policy")) {
                    resource.attribute(attribute).ifPresent(policy -> report.require(
                            policy.source().matches("data\\.aws_iam_policy_document\\.[\\w-]+\\.json"),
                            resource.describe() + ": " + attribute + " must come from an aws_iam_policy_document (checked here), not " + policy.source()));
                }
            });
            // Action lists kept in locals or variables are checked wherever they are written.
            for (Block block : module.blocks()) {
                scanForWildcardActions(block, report);
            }
        }
        return report.build();
    }

    private static void checkStatement(TerraformModule module, Block document, Block statement, CheckReport.Builder report) {
        String where = document.describe() + " statement " + statement.attribute("sid")
                .map(sid -> sid.constant().map(String::valueOf).map(text -> "\"" + text + "\"").orElse("(generated)"))
                .orElse("(no sid)");
        if (statement.attribute("effect").map(effect -> effect.isConstant("Deny")).orElse(false)) {
            return;
        }
        for (String inverse : List.of("not_actions", "not_resources")) {
            if (statement.attribute(inverse).isPresent()) {
                report.violation(where + ": " + inverse + " grants everything else, a wildcard in disguise");
            }
        }
        Optional<Expr> actions = statement.attribute("actions");
        Optional<Expr> resources = statement.attribute("resources");
        if (actions.isEmpty()) {
            report.violation(where + ": an Allow statement without actions");
            return;
        }
        if (resources.isEmpty()) {
            // A trust policy names principals instead of resources.
            report.require(statement.hasNested("principals"), where + ": an Allow statement without resources or principals");
            return;
        }
        if (!actions.get().isTuple() || !resources.get().isTuple()) {
            checkGeneratedStatement(module, document, statement, where, report);
            return;
        }
        List<Expr> actionElements = actions.get().elements();
        List<String> actionValues = actions.get().constantStrings();
        for (Expr action : actionElements) {
            if (action.constant().isEmpty()) {
                report.violation(where + ": action " + action.source() + " is not a literal, so it cannot be checked");
            }
        }
        for (String action : actionValues) {
            report.require(!action.contains("*"), where + ": wildcard action " + action);
        }
        boolean xrayOnly = actionValues.size() == actionElements.size() && XRAY_ACTIONS.containsAll(actionValues);
        for (Expr resource : resources.get().elements()) {
            Optional<Object> constant = resource.constant();
            if (constant.isPresent()) {
                String value = String.valueOf(constant.get());
                if (value.equals("*")) {
                    report.require(xrayOnly, where + ": resource \"*\" with " + actionValues
                            + " (only " + XRAY_ACTIONS + " may use \"*\")");
                } else {
                    report.require(!value.contains("*"), where + ": wildcard resource " + value);
                }
            } else if (String.join("", resource.stringLiterals()).contains("*")) {
                // The one pattern allowed: the log streams of the function's own log group.
                report.require(resource.source().matches("\"\\$\\{aws_cloudwatch_log_group\\.[\\w-]+\\.arn}:\\*\""),
                        where + ": wildcard in resource " + resource.source()
                                + " (only \"${aws_cloudwatch_log_group.<own>.arn}:*\" is allowed)");
            }
        }
    }

    /**
     * A statement generated by {@code dynamic "statement"} from a variable: allowed when the variable's
     * validation refuses wildcards in both actions and resources, so Terraform itself rejects the plan.
     */
    private static void checkGeneratedStatement(TerraformModule module, Block document, Block statement, String where,
            CheckReport.Builder report) {
        Optional<Block> dynamic = document.dynamic("statement");
        Optional<String> variable = dynamic.flatMap(block -> block.attribute("for_each"))
                .map(Expr::source)
                .filter(source -> source.matches("var\\.[\\w-]+"))
                .map(source -> source.substring("var.".length()));
        if (dynamic.isEmpty() || variable.isEmpty()) {
            report.violation(where + ": actions or resources are computed and do not come from a validated variable");
            return;
        }
        List<String> conditions = module.block("variable", variable.get()).stream()
                .flatMap(block -> block.children("validation"))
                .flatMap(validation -> validation.attribute("condition").stream())
                .map(Expr::source)
                .toList();
        boolean actionsGuarded = conditions.stream().anyMatch(c -> c.contains(".actions") && c.contains("strcontains") && c.contains("\"*\""));
        boolean resourcesGuarded = conditions.stream().anyMatch(c -> c.contains(".resources") && c.contains("strcontains") && c.contains("\"*\""));
        report.require(actionsGuarded, where + ": variable " + variable.get() + " has no validation refusing wildcard actions");
        report.require(resourcesGuarded, where + ": variable " + variable.get() + " has no validation refusing wildcard resources");
    }

    private static void scanForWildcardActions(Block block, CheckReport.Builder report) {
        for (var attribute : block.attributes().entrySet()) {
            for (String literal : attribute.getValue().stringLiterals()) {
                if (IAM_ACTION_WITH_WILDCARD.matcher(literal).matches()) {
                    report.violation(block.describe() + ": " + attribute.getKey() + " contains the wildcard action \"" + literal + "\"");
                }
            }
        }
        block.children().forEach(child -> scanForWildcardActions(child, report));
    }

    /**
     * Every SQS queue is encrypted at rest: SSE-SQS switched on as a literal, or a KMS key.
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html">SQS server-side encryption</a>
     */
    public static CheckReport queuesEncrypted(TerraformConfiguration configuration) {
        CheckReport.Builder report = new CheckReport.Builder("queues encrypted");
        configuration.resources("aws_sqs_queue").forEach(queue -> {
            report.checked(queue.describe());
            boolean sseSqs = queue.attribute("sqs_managed_sse_enabled").map(value -> value.isConstant(Boolean.TRUE)).orElse(false);
            boolean kms = queue.attribute("kms_master_key_id").map(value -> !value.isConstant(Expr.NULL)).orElse(false);
            report.require(sseSqs || kms, queue.describe() + ": not encrypted (set sqs_managed_sse_enabled = true or kms_master_key_id)");
        });
        return report.build();
    }

    /**
     * Every DynamoDB table has point-in-time recovery and server-side encryption, written as literal
     * {@code enabled = true} blocks that no variable can switch off.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html">DynamoDB point-in-time recovery</a>
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html">DynamoDB encryption at rest</a>
     */
    public static CheckReport tablesRecoverableAndEncrypted(TerraformConfiguration configuration) {
        CheckReport.Builder report = new CheckReport.Builder("tables with PITR and SSE");
        configuration.resources("aws_dynamodb_table").forEach(table -> {
            report.checked(table.describe());
            report.require(enabledLiterally(table, "point_in_time_recovery"),
                    table.describe() + ": point_in_time_recovery { enabled = true } missing or not a literal");
            report.require(enabledLiterally(table, "server_side_encryption"),
                    table.describe() + ": server_side_encryption { enabled = true } missing or not a literal");
        });
        return report.build();
    }

    private static boolean enabledLiterally(Block resource, String blockType) {
        return resource.children(blockType)
                .anyMatch(block -> block.attribute("enabled").map(enabled -> enabled.isConstant(Boolean.TRUE)).orElse(false));
    }

    /**
     * Every event source mapping reports batch item failures; every stream mapping has an on-failure
     * destination and bounded retries (literal, or enforced by a precondition that refuses the plan).
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html">Reporting batch item failures</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html">Retaining discarded batches (on-failure destinations)</a>
     */
    public static CheckReport streamMappingsBounded(TerraformConfiguration configuration) {
        CheckReport.Builder report = new CheckReport.Builder("stream mappings bounded");
        configuration.resources("aws_lambda_event_source_mapping").forEach(mapping -> {
            String where = mapping.describe();
            report.checked(where);
            boolean reportsFailures = mapping.attribute("function_response_types")
                    .map(types -> types.constantStrings().contains("ReportBatchItemFailures") && types.constant().isPresent())
                    .orElse(false);
            report.require(reportsFailures, where + ": function_response_types must be the literal [\"ReportBatchItemFailures\"]");

            List<String> preconditions = mapping.children("lifecycle")
                    .flatMap(lifecycle -> lifecycle.children("precondition"))
                    .flatMap(precondition -> precondition.attribute("condition").stream())
                    .map(Expr::source)
                    .toList();

            List<Expr> destinations = mapping.nested("destination_config")
                    .flatMap(config -> config.children("on_failure"))
                    .flatMap(onFailure -> onFailure.attribute("destination_arn").stream())
                    .toList();
            if (destinations.isEmpty()) {
                report.violation(where + ": no destination_config { on_failure { destination_arn } }: a poison batch would be lost");
            } else if (mapping.dynamic("destination_config").isPresent()) {
                // Generated conditionally: the plan must be refused when a stream mapping has none.
                String variable = mapping.dynamic("destination_config").flatMap(d -> d.attribute("for_each"))
                        .map(Expr::references).orElse(List.of()).stream()
                        .filter(reference -> reference.startsWith("var."))
                        .findFirst().orElse("(none)");
                report.require(preconditions.stream().anyMatch(c -> c.contains(variable + " != null")),
                        where + ": the on-failure destination is optional (" + variable + ") and no precondition requires it for stream mappings");
            }

            Optional<Expr> retries = mapping.attribute("maximum_retry_attempts");
            if (retries.isEmpty()) {
                report.violation(where + ": maximum_retry_attempts missing: the default (-1) retries until the record expires, blocking the shard for up to 24 h");
            } else if (retries.get().constant().isPresent()) {
                Object value = retries.get().constant().get();
                report.require(value instanceof BigDecimal number && number.signum() >= 0 && number.compareTo(BigDecimal.valueOf(10000)) <= 0,
                        where + ": maximum_retry_attempts = " + value + " is not bounded (0 to 10000)");
            } else {
                String variable = retries.get().references().stream().filter(r -> r.startsWith("var.")).findFirst().orElse("(none)");
                report.require(preconditions.stream().anyMatch(c -> c.contains(variable) && c.contains(">= 0") && c.contains("<= 10000")),
                        where + ": maximum_retry_attempts comes from " + retries.get().source()
                                + " and no precondition bounds " + variable + " to 0..10000");
            }
        });
        return report.build();
    }

    /**
     * Every function traces with X-Ray (mode Active) and logs to a log group of its own module that has
     * a retention.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html">Lambda active tracing</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html">Lambda log groups</a>
     */
    public static CheckReport functionsObservable(TerraformConfiguration configuration) {
        CheckReport.Builder report = new CheckReport.Builder("functions traced and logged");
        for (TerraformModule module : configuration.modules()) {
            for (Block function : module.resources("aws_lambda_function").toList()) {
                String where = function.describe();
                report.checked(where);
                boolean active = function.children("tracing_config")
                        .anyMatch(tracing -> tracing.attribute("mode").map(mode -> mode.isConstant("Active")).orElse(false));
                report.require(active, where + ": tracing_config { mode = \"Active\" } missing or not a literal");

                Optional<Block> logGroup = logGroupOf(module, function);
                if (logGroup.isEmpty()) {
                    report.violation(where + ": no log group of its own (logging_config.log_group = aws_cloudwatch_log_group.<name>.name, "
                            + "or a log group named /aws/lambda/<function_name>): Lambda would create one that never expires");
                    continue;
                }
                Optional<Expr> retention = logGroup.get().attribute("retention_in_days");
                report.require(retention.isPresent() && !retention.get().isConstant(Expr.NULL) && !retention.get().isConstant(0),
                        where + ": its log group " + logGroup.get().describe() + " has no retention_in_days (logs kept forever)");
            }
        }
        return report.build();
    }

    private static Optional<Block> logGroupOf(TerraformModule module, Block function) {
        Optional<String> configured = function.children("logging_config")
                .flatMap(config -> config.attribute("log_group").stream())
                .map(Expr::source)
                .filter(source -> source.matches("aws_cloudwatch_log_group\\.[\\w-]+\\.name"))
                .map(source -> source.split("\\.")[1])
                .findFirst();
        if (configured.isPresent()) {
            return module.block("resource", "aws_cloudwatch_log_group", configured.get());
        }
        String functionName = function.attribute("function_name").map(Expr::source).orElse("");
        return module.resources("aws_cloudwatch_log_group")
                .filter(group -> group.attribute("name")
                        .map(name -> name.source().equals("\"/aws/lambda/${" + functionName + "}\""))
                        .orElse(false))
                .findFirst();
    }
}
