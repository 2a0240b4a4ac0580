package dev.ddbstreams.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import dev.ddbstreams.local.scenarios.ScenarioResult;
import dev.ddbstreams.local.scenarios.Scenarios;
import dev.ddbstreams.terraform.scenarios.TerraformDeployment;
import dev.ddbstreams.terraform.support.Processes;
import dev.ddbstreams.terraform.support.ProjectPaths;
import dev.ddbstreams.terraform.support.ProjectResources;
import dev.ddbstreams.terraform.support.TerraformCli;
import dev.ddbstreams.local.wiring.Wiring;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The project's Terraform, really applied: one deployment cycle with the same steps and assertions on two targets.
 * <ol>
 *   <li>{@code terraform apply} of the whole stack;</li>
 *   <li>the nine scenario rows against what was deployed (the HTTP API through its execute-api URL, function logs
 *       through CloudWatch Logs);</li>
 *   <li>a second {@code terraform plan -detailed-exitcode}: exit 0, nothing to change (what the provider read back
 *       is what it wrote);</li>
 *   <li>{@code terraform destroy}, then a listing through the APIs: none of the deployment's tables, queues, streams,
 *       functions, mappings, roles, log groups, APIs or alarms is left.</li>
 * </ol>
 * Targets: the project's own endpoint (the local runtime started with nothing provisioned, as {@code make run
 * ARGS=--empty}), wherever {@code terraform} and the AWS provider are available; and LocalStack, where Docker is.
 * Each is skipped with its reason otherwise. Timings of each step are printed.
 */
class TerraformDeploymentIT {

    private static final Duration APPLY_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration PLAN_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void deploymentCycle_onTheProjectsOwnEndpoint(@TempDir Path work) throws Exception {
        TerraformCli cli = terraformOrSkip(work);
        // The runtime's console (invocations, function output) goes to a file beside the reports, for a failure's cause.
        Path console = Files.createDirectories(ProjectPaths.root().resolve("terraform-tests/target")).resolve("deployment-it-runtime.log");
        try (java.io.PrintWriter consoleLog = new java.io.PrintWriter(Files.newBufferedWriter(console), true);
             LocalRuntime runtime = LocalRuntime.start(emptyRuntime(), consoleLog::println)) {
            URI endpoint = runtime.awsEndpoint();
            AwsCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
            TerraformDeployment.Target target = new TerraformDeployment.Target(endpoint, credentials, true,
                    uuid -> delivered(runtime, uuid));
            cycle(cli, List.of("-var=target=local", "-var=local_endpoint=" + endpoint), target, Region.US_EAST_1,
                    Duration.ofMinutes(2));
        }
    }

    @Test
    void deploymentCycle_onLocalStack(@TempDir Path work) throws Exception {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine here: LocalStack cannot start");
        TerraformCli cli = terraformOrSkip(work);
        try (LocalStackContainer localstack = new LocalStackContainer(localStackImage())) {
            String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
            if (token != null && !token.isBlank()) {
                localstack.withEnv("LOCALSTACK_AUTH_TOKEN", token);
            }
            localstack.start();
            AwsCredentialsProvider credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
            // LocalStack's execute-api host names resolve to port 4566, not to the container's mapped port.
            TerraformDeployment.Target target = new TerraformDeployment.Target(localstack.getEndpoint(), credentials, false, null);
            cycle(cli, List.of("-var=target=localstack", "-var=localstack_endpoint=" + localstack.getEndpoint(),
                    "-var=region=" + localstack.getRegion()), target, Region.of(localstack.getRegion()), Duration.ofMinutes(5));
        }
    }

    /** Apply, scenarios, clean plan, destroy, nothing left: the same on every target. */
    private static void cycle(TerraformCli cli, List<String> targetVariables, TerraformDeployment.Target target,
            Region region, Duration scenarioPatience) throws Exception {
        String prefix = "it" + UUID.randomUUID().toString().substring(0, 6) + "-";
        List<String> variables = new ArrayList<>(targetVariables);
        variables.add("-var=name_prefix=" + prefix);
        variables.add("-var=artifacts_dir=" + ProjectPaths.root());
        Map<String, Duration> timings = new LinkedHashMap<>();
        Throwable failure = null;
        try {
            Processes.Result apply = timed(timings, "apply", () -> cli.run(APPLY_TIMEOUT,
                    concat(List.of("apply", "-auto-approve", "-input=false", "-no-color"), variables)));
            assertTrue(apply.succeeded(), apply::describe);
            Processes.Result output = cli.run(Duration.ofMinutes(2), "output", "-json", "deployment");
            assertTrue(output.succeeded(), output::describe);

            List<ScenarioResult> results;
            try (TerraformDeployment deployment = TerraformDeployment.from(new ObjectMapper().readTree(jsonIn(output.output())), target)) {
                results = timed(timings, "scenarios", () -> new Scenarios(scenarioPatience).runAll(deployment));
            }
            results.forEach(result -> System.out.printf("row %d %s (%d ms): %s%n", result.row(), result.status(),
                    result.took().toMillis(), result.detail()));
            assertTrue(results.stream().noneMatch(result -> result.status() == ScenarioResult.Status.FAILED),
                    () -> "scenario rows failed: " + results);

            Processes.Result plan = timed(timings, "second plan", () -> cli.run(PLAN_TIMEOUT,
                    concat(List.of("plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false"), variables)));
            assertEquals(0, plan.exitCode(), () -> "the plan after apply is not empty (exit 2 = changes): " + plan.describe());
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            Processes.Result destroy = timed(timings, "destroy", () -> cli.run(APPLY_TIMEOUT,
                    concat(List.of("destroy", "-auto-approve", "-input=false", "-no-color"), variables)));
            System.out.println("terraform deployment cycle timings: " + describe(timings));
            AssertionError destroyProblem = null;
            if (!destroy.succeeded()) {
                destroyProblem = new AssertionError("terraform destroy failed: " + destroy.describe());
            } else {
                ProjectResources resources = new ProjectResources(target.endpoint(), target.credentials(), region);
                List<String> left = ProjectResources.untilEmpty(() -> resources.remaining(prefix), 10, 1_000);
                System.out.println("after destroy, resources named " + prefix + "* left: " + left.size());
                if (!left.isEmpty()) {
                    destroyProblem = new AssertionError("after terraform destroy these are left: " + left);
                }
            }
            if (destroyProblem != null) {
                if (failure != null) {
                    failure.addSuppressed(destroyProblem);
                } else {
                    throw destroyProblem;
                }
            }
        }
    }

    /** The JSON value in terraform's output, past any warning it printed first (a missing CLI configuration file, say). */
    private static String jsonIn(String output) {
        int start = output.indexOf('{');
        int end = output.lastIndexOf('}');
        assertTrue(start >= 0 && end > start, () -> "terraform output printed no JSON object: " + output);
        return output.substring(start, end + 1);
    }

    /** A Terraform-created mapping (no wiring tag) is named by its UUID in the runtime's status. */
    private static OptionalLong delivered(LocalRuntime runtime, String uuid) {
        try {
            return OptionalLong.of(runtime.mappingStatus(uuid).recordsDelivered());
        } catch (IllegalArgumentException notPolledYet) {
            return OptionalLong.empty();
        }
    }

    private static TerraformCli terraformOrSkip(Path work) {
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
        return cli;
    }

    /** The local runtime as {@code make run ARGS=--empty} starts it: every port free, in memory, nothing provisioned. */
    private static LocalRuntimeOptions emptyRuntime() {
        return LocalRuntimeOptions.forTests(ProjectPaths.root()).withEmpty(true);
    }

    private static DockerImageName localStackImage() {
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

    private interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T timed(Map<String, Duration> timings, String step, Step<T> body) throws Exception {
        long start = System.nanoTime();
        try {
            return body.run();
        } finally {
            timings.put(step, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static String describe(Map<String, Duration> timings) {
        StringBuilder text = new StringBuilder();
        timings.forEach((step, duration) -> text.append(text.isEmpty() ? "" : ", ").append(step).append(' ')
                .append(String.format("%.1f s", duration.toMillis() / 1000.0)));
        return text.toString();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
