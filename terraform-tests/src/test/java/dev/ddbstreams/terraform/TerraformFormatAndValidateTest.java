package dev.ddbstreams.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ddbstreams.terraform.support.ProjectPaths;
import dev.ddbstreams.terraform.support.Processes;
import dev.ddbstreams.terraform.support.TerraformCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * terraform/ is formatted and valid: always with tfcheck (HashiCorp's HCL parser, offline; a missing tfcheck
 * fails the build in CI and is reported as skipped elsewhere), and with the real terraform where one is
 * installed (validate only where {@code terraform init} can get the AWS provider).
 *
 * @see <a href="https://developer.hashicorp.com/terraform/cli/commands/fmt">terraform fmt</a>
 * @see <a href="https://developer.hashicorp.com/terraform/cli/commands/validate">terraform validate</a>
 */
class TerraformFormatAndValidateTest {

    /** The first tfcheck run installs Go and the HCL library with apt (about 20 s) and builds itself. */
    private static final Duration TFCHECK_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void tfcheckFmt_findsTerraformFormatted() {
        Processes.Result result = tfcheck("fmt", "-check", "-diff", "terraform");

        assertTrue(result.succeeded(), result::describe);
    }

    @Test
    void tfcheckFmt_rejectsAnUnformattedFile() {
        Processes.Result result = tfcheck("fmt", "-check", "-diff",
                ProjectPaths.root().relativize(ProjectPaths.badFixture("unformatted")).toString());

        assertEquals(3, result.exitCode(), result::describe);
        assertTrue(result.output().contains("main.tf"), result::describe);
    }

    @Test
    void tfcheckValidate_findsEveryModuleValid() {
        Processes.Result result = tfcheck("validate", "terraform");

        assertTrue(result.succeeded(), result::describe);
        for (String module : List.of("terraform/modules/scenario", "terraform/modules/function", "terraform/modules/event-source-mapping",
                "terraform/modules/alarms")) {
            assertTrue(result.output().contains("ok   " + module), () -> module + " not validated: " + result.describe());
        }
    }

    @Test
    void terraformFmt_findsTerraformFormatted() {
        Path terraform = assumeTerraform();

        Processes.Result result = Processes.run(List.of(terraform.toString(), "fmt", "-check", "-recursive", "-diff", "-no-color", "."),
                ProjectPaths.terraform(), Map.of("CHECKPOINT_DISABLE", "1"), Duration.ofMinutes(1));

        assertTrue(result.succeeded(), result::describe);
    }

    @Test
    void terraformValidate_findsTheConfigurationValid(@TempDir Path workDir) {
        TerraformCli cli = TerraformCli.onCopyOfProject(assumeTerraform(), workDir);
        Processes.Result init = cli.init(false);
        assumeTrue(init.succeeded(), () -> "terraform init -backend=false cannot install the AWS provider here "
                + "(no registry access? set TF_PLUGIN_DIR to a local provider mirror): " + errorSummary(init.output()));

        Processes.Result validate = cli.run(Duration.ofMinutes(3), "validate", "-no-color");

        assertTrue(validate.succeeded(), validate::describe);
    }

    private static Path assumeTerraform() {
        return TerraformCli.binary().orElseGet(() -> {
            assumeTrue(false, "terraform is not on the PATH (tfcheck covers fmt and validate offline)");
            return null;
        });
    }

    /** Runs tfcheck from the repository root, as `make tf-check` does. */
    private static Processes.Result tfcheck(String... arguments) {
        Path tfcheck = ProjectPaths.tfcheck();
        if (!Files.isExecutable(tfcheck)) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            assertTrue(!ci, "tfcheck not found at " + tfcheck + " (CI=true: the Terraform checks must run in CI)");
            assumeTrue(false, "tfcheck not found at " + tfcheck + "; set -Dtfcheck=<path> or TFCHECK to run the offline checks");
        }
        List<String> command = new java.util.ArrayList<>(List.of(tfcheck.toString()));
        command.addAll(List.of(arguments));
        return Processes.run(command, ProjectPaths.root(), Map.of(), TFCHECK_TIMEOUT);
    }

    /** The first "Error:" line of terraform's output and the line explaining it. */
    static String errorSummary(String output) {
        String[] lines = output.strip().split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("Error:")) {
                String next = i + 1 < lines.length ? lines[i + 1].replace("│", "").strip() : "";
                return (lines[i].replace("│", "").strip() + " " + next).strip();
            }
        }
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
