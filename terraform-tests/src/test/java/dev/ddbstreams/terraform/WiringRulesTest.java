package dev.ddbstreams.terraform;

import static dev.ddbstreams.terraform.support.Reports.assertPasses;
import static dev.ddbstreams.terraform.support.Reports.assertRejects;

import dev.ddbstreams.local.wiring.Wiring;
import dev.ddbstreams.terraform.checks.CheckReport;
import dev.ddbstreams.terraform.checks.WiringRules;
import dev.ddbstreams.terraform.support.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring half of the production rules: the values Terraform reads from wiring.json (the permissions
 * it grants, the retries, destinations and queue settings it configures) are safe.
 */
class WiringRulesTest {

    private static final Wiring PROJECT = Wiring.load(ProjectPaths.wiring());
    private static final Wiring UNSAFE = Wiring.load(ProjectPaths.badFixture("unsafe-wiring").resolve("wiring.json"));

    @Test
    void permissions_areExactActionsOnDeclaredResources() {
        assertPasses(WiringRules.permissionsAreExact(PROJECT));
    }

    @Test
    void permissions_rejectWildcardAction() {
        CheckReport report = WiringRules.permissionsAreExact(UNSAFE);

        assertRejects(report, "function notes-api: \"dynamodb:*\" on table notes is not one exact IAM action");
    }

    @Test
    void streamMappings_haveBoundedRetriesAndADeclaredOnFailureQueue() {
        assertPasses(WiringRules.streamMappingsBounded(PROJECT));
    }

    @Test
    void streamMappings_rejectRetryingForeverWithoutDestination() {
        CheckReport report = WiringRules.streamMappingsBounded(UNSAFE);

        assertRejects(report,
                "mapping notes-word-count: maximumRetryAttempts must be 0..10000",
                "mapping notes-word-count: onFailureQueue must name a declared queue, is null");
    }

    @Test
    void queues_keepFailuresFourteenDays_redriveBounded_andOutliveSixFunctionTimeouts() {
        assertPasses(WiringRules.queuesSafe(PROJECT));
    }

    @Test
    void queues_rejectShortLivedDeadLetterQueue_andVisibilityBelowSixTimeouts() {
        CheckReport report = WiringRules.queuesSafe(UNSAFE);

        assertRejects(report,
                "queue word-count-dlq: receives failed messages, so it must keep them 14 days",
                "queue word-count: visibility timeout 30 s is less than 6 x the timeout of word-count-queue (30 s)");
    }

    @Test
    void sdkCalls_inEveryFunctionModule_arePermittedByTheWiring() {
        assertPasses(WiringRules.codeCallsArePermitted(PROJECT, ProjectPaths.root()));
    }

    @Test
    void sdkCalls_rejectCodeThatCallsWhatNoFunctionIsGranted(@TempDir Path repository) throws Exception {
        Path source = repository.resolve("word-count/src/main/java/dev/example/Notes.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Notes { void delete() { dynamoDb.deleteItem(request); } }");

        CheckReport report = WiringRules.codeCallsArePermitted(UNSAFE, repository);

        assertRejects(report, "word-count/dev/example/Notes.java calls deleteItem(), which needs one of [dynamodb:DeleteItem]");
    }
}
