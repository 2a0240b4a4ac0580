package dev.ddbstreams.terraform;

import static dev.ddbstreams.terraform.support.Reports.assertPasses;
import static dev.ddbstreams.terraform.support.Reports.assertRejects;
import static dev.ddbstreams.terraform.support.Reports.assertViolationCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.wiring.Wiring;
import dev.ddbstreams.terraform.checks.CheckReport;
import dev.ddbstreams.terraform.checks.WiringContract;
import dev.ddbstreams.terraform.support.Configurations;
import dev.ddbstreams.terraform.support.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terraform and the local runtime cannot drift: both read terraform/wiring.json, Terraform hard-codes no
 * setting of it, every field of the one Java reader ({@link Wiring}) is read by Terraform, and a field that
 * reader does not know is refused.
 */
class WiringContractTest {

    @Test
    void terraform_readsEverySettingFromTheWiring_andHardCodesNone() {
        CheckReport report = WiringContract.check(Configurations.project(), Wiring.declarableFields());

        assertPasses(report);
    }

    @Test
    void everyWiringField_isReadByTerraform_orDeclaredANonSetting() {
        Wiring.load(ProjectPaths.wiring());
        assertPasses(WiringContract.checkCoverage(Wiring.declarableFields()));
    }

    @Test
    void contract_rejectsSettingHardCodedInTheBuildingBlock() {
        CheckReport report = WiringContract.checkBuildingBlocks(Configurations.badFixture("hard-coded-mapping-setting"),
                setting -> setting.buildingBlock().equals("modules/event-source-mapping"));

        assertRejects(report, "mappings.batchSize: resource \"aws_lambda_event_source_mapping\" \"this\" "
                + "(modules/event-source-mapping/main.tf) batch_size = 100 does not read var.batch_size (hard-coded");
        assertViolationCount(report, 1);
    }

    @Test
    void contract_rejectsSettingHardCodedWhereTheScenarioCallsTheBuildingBlock() {
        CheckReport report = WiringContract.checkCallers(Configurations.badFixture("hard-coded-scenario-argument"),
                setting -> setting.call().equals("mappings"));

        assertRejects(report,
                "mappings.batchSize: modules/scenario module \"mappings\" passes batch_size = 100, which does not read the wiring (each.value.batchSize)",
                "mappings.batchSize: modules/scenario module \"mappings\" hard-codes [100]",
                "mappings.maximumRetryAttempts: modules/scenario module \"mappings\" hard-codes [3] in maximum_retry_attempts");
        assertViolationCount(report, 3);
    }

    @Test
    void contract_rejectsWiringFieldTerraformDoesNotRead() {
        Map<String, List<String>> fields = new LinkedHashMap<>(Wiring.declarableFields());
        List<String> tableFields = new ArrayList<>(fields.get("tables"));
        tableFields.add("contributorInsights");
        fields.put("tables", tableFields);

        CheckReport report = WiringContract.checkCoverage(fields);

        assertRejects(report, "wiring field tables.contributorInsights is neither read by Terraform");
        assertViolationCount(report, 1);
    }

    /** The other half of coverage: a field the model does not have cannot reach Terraform unseen by the runtime. */
    @Test
    void aFieldAddedToACopyOfTheProjectWiring_isRefusedByTheOneReader(@TempDir Path dir) throws IOException {
        String wiring = Files.readString(ProjectPaths.wiring());
        String changed = wiring.replace("\"batchSize\": 5,", "\"batchSize\": 5, \"maximumConcurrency\": 2,");
        assertTrue(!changed.equals(wiring), "the store-orders-echo mapping declares batchSize 5");
        Files.writeString(dir.resolve("wiring.json"), changed);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Wiring.load(dir.resolve("wiring.json")));

        assertTrue(refused.getMessage().contains("unknown field \"maximumConcurrency\""), refused.getMessage());
    }

    @Test
    void wiringJson_existsOnce_soTheLocalRuntimeReadsTheFileTerraformReads() throws IOException {
        Path root = ProjectPaths.root();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> copies = files
                    .filter(path -> path.getFileName().toString().equals("wiring.json"))
                    .map(root::relativize)
                    .filter(path -> Stream.of("target", "bad-fixtures", ".git", "node_modules", ".local-data")
                            .noneMatch(excluded -> path.toString().contains(excluded)))
                    .collect(Collectors.toList());

            assertEquals(List.of(Path.of("terraform/wiring.json")), copies,
                    "a second wiring.json could drift from the one Terraform reads");
        }
    }
}
