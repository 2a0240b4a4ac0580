package dev.ddbstreams.terraform;

import static dev.ddbstreams.terraform.support.Reports.assertPasses;
import static dev.ddbstreams.terraform.support.Reports.assertRejects;
import static dev.ddbstreams.terraform.support.Reports.assertViolationCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.terraform.checks.AlarmChecks;
import dev.ddbstreams.terraform.checks.CheckReport;
import dev.ddbstreams.terraform.checks.PolicyChecks;
import dev.ddbstreams.terraform.support.Configurations;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The production rules on the Terraform source: each accepts the project's terraform/ and rejects its
 * deliberately bad fixture with the message a reviewer would need.
 */
class PolicyChecksTest {

    @Nested
    class IamLeastPrivilege {

        @Test
        void iamLeastPrivilege_acceptsTheProjectsPolicies() {
            CheckReport report = PolicyChecks.iamLeastPrivilege(Configurations.project());

            assertPasses(report);
            assertTrue(report.checked().stream().anyMatch(checked -> checked.contains("modules/function")), report::describe);
        }

        @Test
        void iamLeastPrivilege_rejectsWildcardAction() {
            CheckReport report = PolicyChecks.iamLeastPrivilege(Configurations.badFixture("iam-wildcard-action"));

            assertRejects(report, "wildcard action dynamodb:*");
        }

        @Test
        void iamLeastPrivilege_rejectsStarResourceOutsideXRay_wildcardArnsAndWildcardsKeptInLocals() {
            CheckReport report = PolicyChecks.iamLeastPrivilege(Configurations.badFixture("iam-wildcard-resource"));

            assertRejects(report,
                    "resource \"*\" with [dynamodb:GetItem]",
                    "wildcard resource arn:aws:dynamodb:us-east-1:123456789012:table/*",
                    "the wildcard action \"dynamodb:Get*\"");
            assertViolationCount(report, 3);
        }

        @Test
        void iamLeastPrivilege_rejectsManagedPolicies_andPoliciesNotBuiltFromAPolicyDocument() {
            CheckReport report = PolicyChecks.iamLeastPrivilege(Configurations.badFixture("iam-managed-policy"));

            assertRejects(report, "attaches a managed policy", "assume_role_policy must come from an aws_iam_policy_document");
        }
    }

    @Nested
    class QueuesEncrypted {

        @Test
        void queuesEncrypted_acceptsTheProjectsQueueModule() {
            assertPasses(PolicyChecks.queuesEncrypted(Configurations.project()));
        }

        @Test
        void queuesEncrypted_rejectsQueueWithoutSse() {
            CheckReport report = PolicyChecks.queuesEncrypted(Configurations.badFixture("unencrypted-queue"));

            assertRejects(report, "resource \"aws_sqs_queue\" \"this\" (main.tf): not encrypted");
        }
    }

    @Nested
    class TablesRecoverableAndEncrypted {

        @Test
        void tables_acceptsTheProjectsTableModule() {
            assertPasses(PolicyChecks.tablesRecoverableAndEncrypted(Configurations.project()));
        }

        @Test
        void tables_rejectsMissingPitr_andSseAVariableCanSwitchOff() {
            CheckReport report = PolicyChecks.tablesRecoverableAndEncrypted(Configurations.badFixture("table-without-pitr-or-sse"));

            assertRejects(report,
                    "\"no_pitr\" (main.tf): point_in_time_recovery { enabled = true } missing",
                    "\"switchable_sse\" (main.tf): server_side_encryption { enabled = true } missing or not a literal");
            assertViolationCount(report, 2);
        }
    }

    @Nested
    class StreamMappingsBounded {

        @Test
        void streamMappings_acceptsTheProjectsMappingModule() {
            assertPasses(PolicyChecks.streamMappingsBounded(Configurations.project()));
        }

        @Test
        void streamMappings_rejectsUnboundedRetries_missingDestination_andMissingBatchItemFailures() {
            CheckReport report = PolicyChecks.streamMappingsBounded(Configurations.badFixture("unbounded-stream-mapping"));

            assertRejects(report,
                    "\"unbounded\" (main.tf): function_response_types must be the literal [\"ReportBatchItemFailures\"]",
                    "\"unbounded\" (main.tf): no destination_config",
                    "\"unbounded\" (main.tf): maximum_retry_attempts = -1 is not bounded",
                    "\"optional_destination\" (main.tf): the on-failure destination is optional (var.on_failure_destination_arn)");
            assertViolationCount(report, 4);
        }
    }

    @Nested
    class FunctionsObservable {

        @Test
        void functions_acceptsTheProjectsFunctionModule() {
            CheckReport report = PolicyChecks.functionsObservable(Configurations.project());

            assertPasses(report);
            assertEquals(1, report.checked().size(), "one function building block, instantiated per function: " + report.describe());
        }

        @Test
        void functions_rejectsMissingTracing_missingLogGroup_andLogGroupWithoutRetention() {
            CheckReport report = PolicyChecks.functionsObservable(Configurations.badFixture("untraced-function"));

            assertRejects(report,
                    "\"untraced\" (main.tf): tracing_config { mode = \"Active\" } missing",
                    "\"untraced\" (main.tf): no log group of its own",
                    "\"kept_forever\" (main.tf): its log group resource \"aws_cloudwatch_log_group\" \"kept_forever\" (main.tf) has no retention_in_days");
            assertViolationCount(report, 3);
        }
    }

    /** Alarms: each rule accepts terraform/ and rejects its fixture; TerraformPlanIT proves every wiring entry got its alarm. */
    @Nested
    class Alarms {

        @Test
        void failureQueues_acceptsTheProject_whereTheAlarmedQueuesComeFromTheWiring() {
            CheckReport report = AlarmChecks.failureQueuesAlarmed(Configurations.project());

            assertPasses(report);
            assertTrue(report.checked().stream().anyMatch(checked -> checked.contains("modules/alarms")), report::describe);
        }

        @Test
        void failureQueues_rejectsAHandWrittenQueueList_andAnAlarmForOneQueue() {
            CheckReport report = AlarmChecks.failureQueuesAlarmed(Configurations.badFixture("unalarmed-failure-queue"));

            assertRejects(report,
                    "(root) module \"alarms\" passes queues = { \"word-count-dlq\" = \"dev-word-count-dlq\" }, which is not derived from "
                            + "the wiring's queues.*.deadLetterQueue and mappings.*.onFailureQueue",
                    "\"one_queue\" (modules/alarms/main.tf): one alarm, not one per resource");
            assertViolationCount(report, 2);
        }

        @Test
        void streamMappings_acceptsTheProject() {
            assertPasses(AlarmChecks.streamMappingsAlarmed(Configurations.project()));
        }

        @Test
        void streamMappings_rejectsAConfigurationWithoutIteratorAgeAlarms() {
            CheckReport report = AlarmChecks.streamMappingsAlarmed(Configurations.badFixture("unalarmed-stream-mapping"));

            assertRejects(report, "no AWS/Lambda IteratorAge alarm for every function a stream mapping feeds");
            assertViolationCount(report, 1);
        }

        @Test
        void functions_acceptsTheProject_withErrorsAndThrottles() {
            CheckReport report = AlarmChecks.functionsAlarmed(Configurations.project());

            assertPasses(report);
            assertEquals(2, report.checked().size(), "one Errors and one Throttles alarm block, each for_each over every function: " + report.describe());
        }

        @Test
        void functions_rejectsAHandPickedFunction_andMissingThrottles() {
            CheckReport report = AlarmChecks.functionsAlarmed(Configurations.badFixture("unalarmed-function"));

            assertRejects(report,
                    "(root) module \"alarms\" passes functions = { \"notes-api\" = \"dev-notes-api\" }, which is not derived from the wiring's functions",
                    "no AWS/Lambda Throttles alarm for every function");
            assertViolationCount(report, 2);
        }

        @Test
        void httpApi_acceptsTheProject() {
            assertPasses(AlarmChecks.httpApiAlarmed(Configurations.project()));
        }

        @Test
        void httpApi_rejectsTheRestApiMetric() {
            CheckReport report = AlarmChecks.httpApiAlarmed(Configurations.badFixture("unalarmed-http-api"));

            assertRejects(report, "no AWS/ApiGateway 5xx alarm for the HTTP API: HTTP APIs publish \"5xx\" with ApiId; \"5XXError\" with ApiName is the REST API's");
            assertViolationCount(report, 1);
        }

        @Test
        void notifications_acceptTheProject_whereEveryAlarmTellsTheTopicTheUserConfigures() {
            CheckReport report = AlarmChecks.alarmsNotify(Configurations.project());

            assertPasses(report);
            assertEquals(5, report.checked().size(), "five alarm blocks in modules/alarms: " + report.describe());
        }

        @Test
        void notifications_rejectAnAlarmWithoutActions_anEmptyActionList_andATopicArnNotPassedOn() {
            CheckReport report = AlarmChecks.alarmsNotify(Configurations.badFixture("silent-alarm"));

            assertRejects(report,
                    "\"silent\" (modules/alarms/main.tf): no alarm_actions",
                    "\"silent\" (modules/alarms/main.tf): no ok_actions",
                    "\"told_nobody\" (modules/alarms/main.tf): alarm_actions = [] does not come from the SNS topic",
                    "(root) module \"alarms\" does not pass sns_topic_arn from a variable of its own");
            assertViolationCount(report, 4);
        }

        @Test
        void documented_acceptsTheProjectsAlarms() {
            assertPasses(AlarmChecks.alarmsAsDocumented(Configurations.project()));
        }

        @Test
        void documented_rejectsAnUndocumentedDimension_theWrongStatistic_hardCodedSettings_andMissingDataLeftUnset() {
            CheckReport report = AlarmChecks.alarmsAsDocumented(Configurations.badFixture("undocumented-alarm"));

            assertRejects(report,
                    "\"errors\" (main.tf): dimensions [Function] are not how AWS publishes AWS/Lambda Errors",
                    "\"iterator_age\" (main.tf): statistic Sum for IteratorAge",
                    "\"iterator_age\" (main.tf): threshold = 60000 is not taken from a variable",
                    "\"iterator_age\" (main.tf): period = 60 is not taken from a variable",
                    "\"iterator_age\" (main.tf): treat_missing_data is not set");
            assertViolationCount(report, 5);
        }
    }
}
