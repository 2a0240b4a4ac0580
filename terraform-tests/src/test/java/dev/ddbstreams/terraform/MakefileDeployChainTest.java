package dev.ddbstreams.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.ddbstreams.terraform.support.ProjectPaths;
import dev.ddbstreams.terraform.support.Processes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Makefile's deploy chain, run for real with recording fakes of {@code terraform}, {@code mvn} and the
 * {@code aws} CLI first on the PATH: what each target calls, in which order, in which directory, with which
 * variables. The fake {@code aws} answers {@code sts get-caller-identity} with the exit code in
 * {@code FAKE_AWS_EXIT} (0 unless a test says otherwise).
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

    /** Stands in for an emulated endpoint: the Makefile only needs an HTTP answer before running terraform. */
    private HttpServer endpoint;

    @AfterEach
    void stopEndpoint() {
        if (endpoint != null) {
            endpoint.stop(0);
        }
    }

    private String answeringEndpoint() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        endpoint.start();
        return "http://127.0.0.1:" + endpoint.getAddress().getPort();
    }

    private static String closedEndpoint() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @BeforeEach
    void installRecordingFakes() throws IOException {
        assumeTrue(Processes.onPath("make").isPresent(), "make is not on the PATH");
        log = fakes.resolve("calls.log");
        // One line per call: tool, working directory, TF_WORKSPACE, then the arguments separated by tabs.
        for (String tool : List.of("terraform", "mvn", "aws")) {
            Path script = fakes.resolve("bin").resolve(tool);
            Files.createDirectories(script.getParent());
            Files.writeString(script, "#!/bin/sh\n"
                    + "{ printf '%s\\t%s\\t%s' '" + tool + "' \"$PWD\" \"${TF_WORKSPACE:-}\"; "
                    + "for a in \"$@\"; do printf '\\t%s' \"$a\"; done; printf '\\n'; } >> \"$FAKE_TOOL_LOG\"\n"
                    + (tool.equals("aws")
                            ? "[ \"${FAKE_AWS_EXIT:-0}\" = 0 ] || { echo 'The SSO session associated with this profile has expired' >&2; exit \"$FAKE_AWS_EXIT\"; }\n"
                            : ""));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void deploy_checksCredentialsThenBuildsThenInitsThenPlansToAFileThenAppliesThatFile() throws Exception {
        List<Call> calls = make("deploy");

        assertEquals(List.of("aws sts", "mvn package", "terraform init", "terraform plan", "terraform apply"), summary(calls), calls::toString);
        assertEquals(List.of("sts", "get-caller-identity"), calls.get(0).arguments().subList(0, 2), "credentials are checked first: " + calls.get(0));
        calls = calls.subList(1, calls.size());
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

        assertEquals(List.of("aws sts", "terraform init", "terraform destroy"), summary(calls), calls::toString);
        Call destroy = calls.get(2);
        assertTrue(destroy.has("-var=target=aws"), destroy::toString);
        assertFalse(destroy.has("-auto-approve"), "destroy asks for confirmation unless told otherwise: " + destroy);
    }

    @Test
    void destroy_withAutoApprove_skipsTheConfirmation() throws Exception {
        List<Call> calls = make("destroy", "AUTO_APPROVE=1");

        assertTrue(calls.get(calls.size() - 1).has("-auto-approve"), calls::toString);
    }

    @Test
    void targetLocalstack_reachesTerraformAsVariables_andKeepsItsOwnState() throws Exception {
        String url = answeringEndpoint();
        List<Call> deploy = make("deploy", "TARGET=localstack", "LOCALSTACK_ENDPOINT=" + url);
        List<Call> destroy = make("destroy", "TARGET=localstack", "LOCALSTACK_ENDPOINT=" + url);

        Call plan = deploy.get(2);
        assertTrue(plan.has("-var=target=localstack"), plan::toString);
        assertTrue(plan.has("-var=localstack_endpoint=" + url), plan::toString);
        Call destroyCall = destroy.get(1);
        assertTrue(destroyCall.has("-var=target=localstack"), destroyCall::toString);
        assertTrue(dryRun("destroy", "TARGET=localstack").contains("-var=localstack_endpoint=http://localhost:4566"), "the default endpoint");
        for (Call call : concat(deploy, destroy)) {
            if (call.tool().equals("terraform")) {
                assertEquals("localstack", call.workspace(), "LocalStack state is kept apart from AWS state: " + call);
            }
        }
        assertTrue(concat(deploy, destroy).stream().noneMatch(call -> call.tool().equals("aws")), "no AWS credentials needed for LocalStack");
    }

    @Test
    void targetLocal_reachesTerraformAsVariables_andKeepsItsOwnState() throws Exception {
        String url = answeringEndpoint();
        List<Call> deploy = make("deploy", "TARGET=local", "LOCAL_ENDPOINT=" + url);
        List<Call> destroy = make("destroy", "TARGET=local", "LOCAL_ENDPOINT=" + url, "AUTO_APPROVE=1");

        assertEquals(List.of("mvn package", "terraform init", "terraform plan", "terraform apply"), summary(deploy), deploy::toString);
        Call plan = deploy.get(2);
        assertTrue(plan.has("-var=target=local"), plan::toString);
        assertTrue(plan.has("-var=local_endpoint=" + url), plan::toString);
        assertFalse(plan.arguments().stream().anyMatch(a -> a.startsWith("-var=localstack_endpoint=")), "only the local endpoint: " + plan);
        assertEquals(List.of("terraform init", "terraform destroy"), summary(destroy), destroy::toString);
        Call destroyCall = destroy.get(1);
        assertTrue(destroyCall.has("-var=target=local"), destroyCall::toString);
        assertTrue(dryRun("destroy", "TARGET=local").contains("-var=local_endpoint=http://127.0.0.1:4566"),
                "the default endpoint, the local runtime's edge port");
        assertTrue(destroyCall.has("-auto-approve"), destroyCall::toString);
        for (Call call : concat(deploy, destroy)) {
            if (call.tool().equals("terraform")) {
                assertEquals("local", call.workspace(), "local state is kept apart from AWS and LocalStack state: " + call);
            }
        }
    }

    @Test
    void targetLocal_withNothingListening_stopsBeforeBuilding_andSaysHowToStartTheEndpoint() throws Exception {
        String url = closedEndpoint();
        Processes.Result result = runMake("deploy", "TARGET=local", "LOCAL_ENDPOINT=" + url);

        assertEquals(2, result.exitCode(), result::describe);
        assertTrue(result.output().contains("TARGET=local: nothing answers at " + url), result::describe);
        assertTrue(result.output().contains("make run ARGS=--empty"), result::describe);
        assertTrue(calls().isEmpty(), "nothing is built or planned against a closed port: " + calls());
    }

    @Test
    void planForAws_withNoCredentialsAnywhere_explainsWhatItNeeds_beforeBuilding() throws Exception {
        // An empty environment: no AWS variables, a home without ~/.aws, no aws CLI, and the instance
        // metadata service not asked (AWS_EC2_METADATA_DISABLED is the SDKs' own switch for it).
        Path home = Files.createDirectories(fakes.resolve("empty-home"));
        Processes.Result result = runMakeInEmptyEnvironment(Map.of("HOME", home.toString(), "AWS_EC2_METADATA_DISABLED", "true"),
                "plan", "AWS=" + fakes.resolve("no-aws-cli"));

        assertEquals(2, result.exitCode(), result::describe);
        for (String hint : List.of("TARGET=aws needs AWS credentials", "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "~/.aws/credentials",
                "AWS_WEB_IDENTITY_TOKEN_FILE", "make deploy TARGET=local", "make deploy TARGET=localstack")) {
            assertTrue(result.output().contains(hint), () -> "missing \"" + hint + "\": " + result.describe());
        }
        assertTrue(calls().isEmpty(), "nothing is built or planned without credentials: " + calls());
    }

    @Test
    void planForAws_withoutTheCli_acceptsEachUsualCredentialSource() throws Exception {
        Path home = Files.createDirectories(fakes.resolve("home"));
        Path credentials = Files.createDirectories(home.resolve(".aws")).resolve("credentials");
        Files.writeString(credentials, "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n");
        Path token = Files.writeString(fakes.resolve("token"), "eyJ...");
        String noCli = "AWS=" + fakes.resolve("no-aws-cli");
        Path emptyHome = Files.createDirectories(fakes.resolve("empty-home"));
        for (Map<String, String> source : List.of(
                Map.of("HOME", home.toString()),
                Map.of("HOME", emptyHome.toString(), "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"),
                Map.of("HOME", emptyHome.toString(), "AWS_PROFILE", "staging"),
                Map.of("HOME", emptyHome.toString(), "AWS_WEB_IDENTITY_TOKEN_FILE", token.toString()),
                Map.of("HOME", emptyHome.toString(), "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x"))) {
            Files.deleteIfExists(log);
            Map<String, String> environment = new java.util.HashMap<>(source);
            environment.put("AWS_EC2_METADATA_DISABLED", "true");
            Processes.Result result = runMakeInEmptyEnvironment(environment, "plan", noCli);

            assertTrue(result.succeeded(), () -> source + ": " + result.describe());
            assertEquals(List.of("mvn package", "terraform init", "terraform plan"), summary(calls()), source::toString);
        }
    }

    @Test
    void planForAws_whenTheCliRefusesTheCredentials_showsItsAnswer_beforeBuilding() throws Exception {
        Path home = Files.createDirectories(fakes.resolve("empty-home"));
        Processes.Result result = runMakeInEmptyEnvironment(Map.of("HOME", home.toString(), "AWS_PROFILE", "expired", "FAKE_AWS_EXIT", "255"),
                "plan");

        assertEquals(2, result.exitCode(), result::describe);
        assertTrue(result.output().contains("`aws sts get-caller-identity` failed: The SSO session associated with this profile has expired"),
                result::describe);
        assertEquals(List.of("aws sts"), summary(calls()), "only the credential check ran");
    }

    @Test
    void unknownTarget_stopsBeforeBuildingOrCallingTerraform() throws Exception {
        Processes.Result result = runMake("deploy", "TARGET=staging");

        assertEquals(2, result.exitCode(), result::describe);
        assertTrue(result.output().contains("TARGET must be aws, local or localstack, not 'staging'"), result::describe);
        assertTrue(calls().isEmpty(), "nothing may run for an unknown target");
    }

    /** @return what {@code make -n} would run */
    private String dryRun(String... arguments) throws Exception {
        List<String> withDryRun = new ArrayList<>(List.of("-n"));
        withDryRun.addAll(Arrays.asList(arguments));
        Processes.Result result = runMake(withDryRun.toArray(String[]::new));
        assertTrue(result.succeeded(), result::describe);
        return result.output();
    }

    private List<Call> make(String... arguments) throws Exception {
        Files.deleteIfExists(log);
        Processes.Result result = runMake(arguments);
        assertTrue(result.succeeded(), result::describe);
        return calls();
    }

    private Processes.Result runMake(String... arguments) throws Exception {
        return runMake(null, arguments);
    }

    /** Runs make with nothing in its environment but PATH, the fakes' log and {@code environment}. */
    private Processes.Result runMakeInEmptyEnvironment(Map<String, String> environment, String... arguments) throws Exception {
        return runMake(environment, arguments);
    }

    /** @param environment the whole environment besides PATH and the fakes' log, or null to inherit the test's */
    private Processes.Result runMake(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("make", "--no-print-directory", "-C", ProjectPaths.root().toString()));
        command.addAll(Arrays.asList(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (environment == null) {
            // Only the fakes may answer: variables a developer's shell may set are removed.
            for (String inherited : List.of("TARGET", "MVN", "TERRAFORM", "AWS", "TF_DIR", "TF_PLAN", "TF_WORKSPACE", "AUTO_APPROVE",
                    "LOCAL_ENDPOINT", "LOCALSTACK_ENDPOINT", "TF_INIT_FLAGS", "TF_VAR_FLAGS", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")) {
                builder.environment().remove(inherited);
            }
        } else {
            builder.environment().clear();
            builder.environment().putAll(environment);
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
