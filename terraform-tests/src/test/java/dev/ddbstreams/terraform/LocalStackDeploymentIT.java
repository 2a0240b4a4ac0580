package dev.ddbstreams.terraform;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.scenarios.ScenarioResult;
import dev.ddbstreams.local.scenarios.Scenarios;
import dev.ddbstreams.local.wiring.Wiring;
import dev.ddbstreams.terraform.scenarios.TerraformDeployment;
import dev.ddbstreams.terraform.support.Processes;
import dev.ddbstreams.terraform.support.ProjectPaths;
import dev.ddbstreams.terraform.support.TerraformCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The project's Terraform, applied with {@code target=localstack} to a LocalStack container, runs the
 * scenarios; destroyed afterwards whatever happened.
 *
 * <p>Needs Docker (else disabled), {@code terraform} on the PATH with a reachable provider, and the function
 * jars ({@code make build}); otherwise reported as skipped with the reason. The image is
 * {@code -Dlocalstack.image=...} or {@code LOCALSTACK_IMAGE} (default {@code localstack/localstack}; LocalStack
 * now needs {@code LOCALSTACK_AUTH_TOKEN}, passed through; {@code floci/floci} is a drop-in alternative).
 *
 * @see <a href="https://java.testcontainers.org/modules/localstack/">Testcontainers LocalStack module</a>
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackDeploymentIT {

    private static final Duration APPLY_TIMEOUT = Duration.ofMinutes(15);
    /** The first invocation of a Java function pulls its runtime image and starts a JVM. */
    private static final Duration SCENARIO_PATIENCE = Duration.ofMinutes(5);

    @Test
    void terraformDeployment_runsTheScenarios_inLocalStack(@TempDir Path work) throws Exception {
        Path terraform = TerraformCli.binary().orElse(null);
        assumeTrue(terraform != null, "terraform is not on the PATH");
        for (String module : modules()) {
            Path jar = ProjectPaths.root().resolve(module).resolve("target").resolve(module + ".jar");
            assumeTrue(Files.isRegularFile(jar), () -> jar + " is missing: build the function jars first (make build)");
        }
        TerraformCli cli = TerraformCli.onCopyOfProject(terraform, work.resolve("terraform"));
        Processes.Result init = cli.init(true);
        assumeTrue(init.succeeded(), () -> "terraform init cannot install the AWS provider here: "
                + TerraformFormatAndValidateTest.errorSummary(init.output()));

        try (LocalStackContainer localstack = new LocalStackContainer(image())) {
            String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
            if (token != null && !token.isBlank()) {
                localstack.withEnv("LOCALSTACK_AUTH_TOKEN", token);
            }
            localstack.start();
            List<String> variables = List.of(
                    "-var=target=localstack",
                    "-var=localstack_endpoint=" + localstack.getEndpoint(),
                    "-var=region=" + localstack.getRegion(),
                    "-var=name_prefix=it" + UUID.randomUUID().toString().substring(0, 6) + "-",
                    "-var=artifacts_dir=" + ProjectPaths.root());
            Throwable failure = null;
            try {
                Processes.Result apply = cli.run(APPLY_TIMEOUT, concat(List.of("apply", "-auto-approve", "-input=false", "-no-color"), variables));
                assertTrue(apply.succeeded(), apply::describe);
                Processes.Result output = cli.run(Duration.ofMinutes(2), "output", "-json", "deployment");
                assertTrue(output.succeeded(), output::describe);
                try (TerraformDeployment deployment = TerraformDeployment.from(new ObjectMapper().readTree(output.output()),
                        localstack.getEndpoint(), localstack.getAccessKey(), localstack.getSecretKey(), false)) {
                    // The same scenario checks as the local runtime's end-to-end IT; rows whose effect is only a
                    // log line, or that need the HTTP API (LocalStack's paid plan), are reported as skipped.
                    List<ScenarioResult> results = new Scenarios(SCENARIO_PATIENCE).runAll(deployment);
                    results.forEach(result -> System.out.printf("row %d %s: %s%n", result.row(), result.status(), result.detail()));
                    assertTrue(results.stream().noneMatch(result -> result.status() == ScenarioResult.Status.FAILED),
                            () -> "scenario rows failed: " + results);
                }
            } catch (Throwable t) {
                failure = t;
                throw t;
            } finally {
                Processes.Result destroy = cli.run(APPLY_TIMEOUT, concat(List.of("destroy", "-auto-approve", "-input=false", "-no-color"), variables));
                if (!destroy.succeeded()) {
                    AssertionError destroyFailed = new AssertionError("terraform destroy failed: " + destroy.describe());
                    if (failure != null) {
                        failure.addSuppressed(destroyFailed);
                    } else {
                        throw destroyFailed;
                    }
                }
            }
        }
    }

    private static DockerImageName image() {
        String image = System.getProperty("localstack.image", System.getenv().getOrDefault("LOCALSTACK_IMAGE", "localstack/localstack"));
        return DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack");
    }

    private static List<String> modules() {
        List<String> modules = new ArrayList<>();
        Wiring.load(ProjectPaths.wiring()).functions().values().forEach(function -> {
            String module = function.module();
            if (!modules.contains(module)) {
                modules.add(module);
            }
        });
        return modules;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
