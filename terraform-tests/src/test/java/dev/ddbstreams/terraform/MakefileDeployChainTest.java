package dev.ddbstreams.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ddbstreams.terraform.support.ProjectPaths;
import dev.ddbstreams.terraform.support.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Makefile's deploy chain, run for real with recording fakes of {@code terraform} and {@code mvn} first
 * on the PATH: what each target calls, in which order, in which directory, with which variables.
 */
class MakefileDeployChainTest {

    /** One recorded call of a fake tool. */
    record Call(String tool, Path directory, String workspace, List<String> arguments) {

        boolean has(String argument) {
            return arguments.contains(argument);
        }

        String subcommand() {
            return arguments.isEmpty() ? "" : arguments.get(0);
        }

        /** @return the value of an argument written as {@code prefix<value>} */
        String valueOf(String prefix) {
            return arguments.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst().orElse(null);
        }
    }

    @TempDir
    Path fakes;

    private Path log;

    @BeforeEach
    void installRecordingFakes() throws IOException {
        assumeTrue(Processes.onPath("make").isPresent(), "make is not on the PATH");
        log = fakes.resolve("calls.log");
        // One line per call: tool, working directory, TF_WORKSPACE, then the arguments separated by tabs.
        for (String tool : List.of("terraform", "mvn")) {
            Path script = fakes.resolve("bin").resolve(tool);
            Files.createDirectories(script.getParent());
            Files.writeString(script, "#!/bin/sh\n"
                    + "{ printf '%s\\t%s\\t%s' '" + tool + "' \"$PWD\" \"${TF_WORKSPACE:-}\"; "
                    + "for a in \"$@\"; do printf '\\t%s' \"$a\"; done; printf '\\n'; } >> \"$FAKE_TOOL_LOG\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void deploy_buildsThenInitsThenPlansToAFileThenAppliesThatFile() throws Exception {
        List<Call> calls = make("deploy");

        assertEquals(List.of("mvn package", "terraform init", "terraform plan", "terraform apply"), summary(calls), calls::toString);
        Call build = calls.get(0);
        assertEquals(ProjectPaths.root(), build.directory());
        assertTrue(build.has("-DskipTests"), build::toString);
        Call plan = calls.get(2);
        Call apply = calls.get(3);
        String planFile = plan.valueOf("-out=");
        assertEquals("tfplan", planFile, plan::toString);
        assertEquals(List.of("apply", "-input=false", planFile), apply.arguments(), "apply exactly the plan that was made");
        assertTrue(plan.has("-var=target=aws"), plan::toString);
        for (Call call : calls.subList(1, 4)) {
            assertEquals(ProjectPaths.terraform(), call.directory(), "terraform runs inside terraform/: " + call);
            assertEquals("", call.workspace(), "AWS uses the default workspace: " + call);
        }
    }

    @Test
    void destroy_initsAndDestroysWithoutBuilding() throws Exception {
        List<Call> calls = make("destroy");

        assertEquals(List.of("terraform init", "terraform destroy"), summary(calls), calls::toString);
        Call destroy = calls.get(1);
        assertTrue(destroy.has("-var=target=aws"), destroy::toString);
        assertFalse(destroy.has("-auto-approve"), "destroy asks for confirmation unless told otherwise: " + destroy);
    }

    @Test
    void destroy_withAutoApprove_skipsTheConfirmation() throws Exception {
        List<Call> calls = make("destroy", "AUTO_APPROVE=1");

        assertTrue(calls.get(1).has("-auto-approve"), calls::toString);
    }

    @Test
    void targetLocalstack_reachesTerraformAsVariables_andKeepsItsOwnState() throws Exception {
        List<Call> deploy = make("deploy", "TARGET=localstack", "LOCALSTACK_ENDPOINT=http://127.0.0.1:4599");
        List<Call> destroy = make("destroy", "TARGET=localstack");

        Call plan = deploy.get(2);
        assertTrue(plan.has("-var=target=localstack"), plan::toString);
        assertTrue(plan.has("-var=localstack_endpoint=http://127.0.0.1:4599"), plan::toString);
        Call destroyCall = destroy.get(1);
        assertTrue(destroyCall.has("-var=target=localstack"), destroyCall::toString);
        assertTrue(destroyCall.has("-var=localstack_endpoint=http://localhost:4566"), "the default endpoint: " + destroyCall);
        for (Call call : concat(deploy, destroy)) {
            if (call.tool().equals("terraform")) {
                assertEquals("localstack", call.workspace(), "LocalStack state is kept apart from AWS state: " + call);
            }
        }
    }

    @Test
    void unknownTarget_stopsBeforeBuildingOrCallingTerraform() throws Exception {
        Processes.Result result = runMake("deploy", "TARGET=staging");

        assertEquals(2, result.exitCode(), result::describe);
        assertTrue(result.output().contains("TARGET must be aws or localstack, not 'staging'"), result::describe);
        assertTrue(calls().isEmpty(), "nothing may run for an unknown target");
    }

    private List<Call> make(String... arguments) throws Exception {
        Files.deleteIfExists(log);
        Processes.Result result = runMake(arguments);
        assertTrue(result.succeeded(), result::describe);
        return calls();
    }

    private Processes.Result runMake(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("make", "--no-print-directory", "-C", ProjectPaths.root().toString()));
        command.addAll(Arrays.asList(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Only the fakes may answer: variables a developer's shell may set are removed.
        for (String inherited : List.of("TARGET", "MVN", "TERRAFORM", "TF_DIR", "TF_PLAN", "TF_WORKSPACE", "AUTO_APPROVE",
                "LOCALSTACK_ENDPOINT", "TF_INIT_FLAGS", "TF_VAR_FLAGS", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")) {
            builder.environment().remove(inherited);
        }
        builder.environment().put("PATH", fakes.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().put("FAKE_TOOL_LOG", log.toString());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "make did not finish");
        return new Processes.Result(command, process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private List<Call> calls() throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<Call> calls = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] fields = line.split("\t", -1);
            calls.add(new Call(fields[0], Path.of(fields[1]).toRealPath(), fields[2],
                    List.of(Arrays.copyOfRange(fields, 3, fields.length))));
        }
        return calls;
    }

    private static List<String> summary(List<Call> calls) {
        return calls.stream()
                .map(call -> call.tool() + " " + (call.tool().equals("mvn") ? call.arguments().get(call.arguments().size() - 1) : call.subcommand()))
                .toList();
    }

    private static List<Call> concat(List<Call> first, List<Call> second) {
        List<Call> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
