package dev.ddbstreams.endpoint.lambda;

import dev.ddbstreams.endpoint.EdgeEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.ListEventSourceMappingsResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Published versions run their own code and configuration: each is handed to the host as its own deployment
 * ({@code <name>:<version>}), invocations by version or alias run it, mappings through a version or alias invoke it,
 * deletions remove it, and a restart deploys it again. Through the SDK v2 client, with a recording host.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html">Lambda function versions</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html">Lambda function aliases</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html">Invoke (Qualifier, X-Amz-Executed-Version)</a>
 */
class LambdaVersionDeploymentsTest {
    private static final String STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";

    @TempDir
    Path data;

    private LambdaFixture fixture;
    private LambdaClient lambda;

    @BeforeEach
    void start() {
        fixture = new LambdaFixture();
        lambda = fixture.lambda;
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** $LATEST with COLOUR=red published as 1, then COLOUR=blue and new code published as 2. */
    private void twoVersions(String name) throws InterruptedException {
        lambda.createFunction(r -> r.functionName(name).runtime("java21").handler("example.Handler::handleRequest")
                .role(fixture.roleArn).environment(e -> e.variables(Map.of("COLOUR", "red"))).memorySize(256)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("one")))));
        fixture.waitActive(name);
        assertEquals("1", lambda.publishVersion(r -> r.functionName(name)).version());
        lambda.updateFunctionConfiguration(r -> r.functionName(name).environment(e -> e.variables(Map.of("COLOUR", "blue")))
                .memorySize(512));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(name));
        lambda.updateFunctionCode(r -> r.functionName(name).zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("two"))));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(name));
        assertEquals("2", lambda.publishVersion(r -> r.functionName(name)).version());
        LambdaFixture.await(() -> fixture.functions.deployed.containsKey(name + ":2"), "version 2 deployed");
    }

    @Test
    void aPublishedVersion_isDeployedAsItsOwnSnapshot_andStaysWhenLatestChanges() throws Exception {
        twoVersions("snap");

        FunctionDefinition v1 = fixture.functions.deployed.get("snap:1");
        FunctionDefinition v2 = fixture.functions.deployed.get("snap:2");
        FunctionDefinition latest = fixture.functions.deployed.get("snap");
        assertEquals("1", v1.version());
        assertEquals("snap", v1.name(), "the function's own name; the deployment name carries the version");
        assertEquals(Map.of("COLOUR", "red"), v1.environment());
        assertEquals(256, v1.memoryMb());
        assertEquals(Map.of("COLOUR", "blue"), v2.environment());
        assertEquals(512, v2.memoryMb());
        assertEquals("$LATEST", latest.version());
        assertEquals(v2.codeSha256(), latest.codeSha256());
        assertFalse(v1.codeSha256().equals(v2.codeSha256()), "version 1 keeps its own code");
        assertTrue(v1.code().toFile().isFile(), "version 1's code stays stored while the version exists");
        var got = lambda.getFunctionConfiguration(r -> r.functionName("snap").qualifier("1"));
        assertEquals(State.ACTIVE, got.state());
        assertEquals(LastUpdateStatus.SUCCESSFUL, got.lastUpdateStatus());
    }

    @Test
    void invokeByVersionOrAlias_runsThatVersionsDeployment_andNamesItInExecutedVersion() throws Exception {
        twoVersions("inv");
        lambda.createAlias(r -> r.functionName("inv").name("live").functionVersion("1"));

        assertEquals("1", invoke("inv", "1").executedVersion());
        assertEquals("2", invoke("inv", "2").executedVersion());
        assertEquals("$LATEST", invoke("inv", "$LATEST").executedVersion());
        assertEquals("$LATEST", invoke("inv", null).executedVersion());
        assertEquals("1", invoke("inv", "live").executedVersion());
        assertEquals("1", invoke("inv:live", null).executedVersion(), "the qualifier in the function's ARN");

        assertEquals(java.util.List.of("inv:1", "inv:2", "inv", "inv", "inv:1", "inv:1"),
                fixture.functions.invocations.stream().map(line -> line.split(" ")[0]).toList());
        // The function sees the ARN the caller used: qualified as the caller qualified it, the alias's even though
        // version 1 runs, unqualified for the name alone.
        // https://docs.aws.amazon.com/lambda/latest/dg/java-context.html (getInvokedFunctionArn)
        String arn = "arn:aws:lambda:us-east-1:000000000000:function:inv";
        assertEquals(java.util.List.of(arn + ":1", arn + ":2", arn + ":$LATEST", arn, arn + ":live", arn + ":live"),
                fixture.functions.invokedArns);

        lambda.updateAlias(r -> r.functionName("inv").name("live").functionVersion("2"));
        assertEquals("2", invoke("inv", "live").executedVersion());
        assertTrue(fixture.functions.invocations.get(fixture.functions.invocations.size() - 1).startsWith("inv:2 "));
    }

    /**
     * Weighted alias routing: the additional version takes its weight's share of invocations. The two ends are
     * deterministic: weight 1 sends every invocation to the additional version, weight 0 none.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html">Weighted alias routing</a>
     */
    @Test
    void anAliasWithRoutingConfig_routesByWeight() throws Exception {
        twoVersions("weighted");
        lambda.createAlias(r -> r.functionName("weighted").name("canary").functionVersion("1")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("2", 1.0))));
        for (int i = 0; i < 5; i++) {
            assertEquals("2", invoke("weighted", "canary").executedVersion());
        }
        lambda.updateAlias(r -> r.functionName("weighted").name("canary")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("2", 0.0))));
        for (int i = 0; i < 5; i++) {
            assertEquals("1", invoke("weighted", "canary").executedVersion());
        }
    }

    /**
     * An event source mapping through a weighted alias is routed per batch as every invocation through the alias is
     * ("an alias can split invocation requests between two versions"): the mapping's definition carries the alias's
     * routing by deployment, applied again when the alias is re-weighted, and the one routing rule picks weight 1's
     * additional version for every batch, weight 0's never.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html">CreateAlias (RoutingConfig)</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html">Weighted alias routing</a>
     */
    @Test
    void aMappingThroughAWeightedAlias_routesEachBatchByTheAliasWeights() throws Exception {
        twoVersions("routed");
        lambda.createAlias(r -> r.functionName("routed").name("canary").functionVersion("1")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("2", 1.0))));
        String uuid = lambda.createEventSourceMapping(r -> r.functionName("routed:canary").eventSourceArn(STREAM)
                .startingPosition(EventSourcePosition.LATEST)).uuid();
        LambdaFixture.await(() -> fixture.mappings.applied.containsKey(uuid), "the mapping applied");
        EventSourceMappingDefinition weighted = fixture.mappings.applied.get(uuid);
        assertEquals("routed:1", weighted.functionName(), "the alias's own version");
        assertEquals(Map.of("routed:2", 1.0), weighted.additionalFunctionWeights());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:routed:canary", weighted.functionArn(),
                "the ARN the batches invoke");
        for (int i = 0; i < 5; i++) {
            assertEquals("routed:2", AliasRouting.pick(weighted.functionName(), weighted.additionalFunctionWeights()));
        }

        lambda.updateAlias(r -> r.functionName("routed").name("canary")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("2", 0.0))));
        LambdaFixture.await(() -> Map.of("routed:2", 0.0).equals(fixture.mappings.applied.get(uuid).additionalFunctionWeights()),
                "the mapping applied again with the alias's new weights");
        EventSourceMappingDefinition unweighted = fixture.mappings.applied.get(uuid);
        for (int i = 0; i < 5; i++) {
            assertEquals("routed:1", AliasRouting.pick(unweighted.functionName(), unweighted.additionalFunctionWeights()));
        }
    }

    /**
     * A version an alias points at, or routes a share of its invocations to, cannot be deleted: AWS's
     * ResourceConflictException names the aliases. Once the alias no longer routes to it, it can.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html">DeleteFunction (ResourceConflictException)</a>
     */
    @Test
    void aVersionAnAliasPointsOrRoutesTo_cannotBeDeleted() throws Exception {
        twoVersions("kept");
        lambda.createAlias(r -> r.functionName("kept").name("live").functionVersion("1")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("2", 0.1))));

        for (String version : List.of("1", "2")) {
            ResourceConflictException refused = assertThrows(ResourceConflictException.class,
                    () -> lambda.deleteFunction(r -> r.functionName("kept").qualifier(version)));
            assertTrue(refused.getMessage().startsWith(
                    "Unable to delete version because the following aliases reference it: [live]"), refused.getMessage());
        }
        assertTrue(fixture.functions.deployed.containsKey("kept:2"), "the refused version still runs");

        lambda.updateAlias(r -> r.functionName("kept").name("live").routingConfig(c -> c.additionalVersionWeights(Map.of())));
        lambda.deleteFunction(r -> r.functionName("kept").qualifier("2"));
        LambdaFixture.await(() -> fixture.functions.calls.contains("remove kept:2"), "version 2 removed from the host");
    }

    @Test
    void deletingAVersionOrTheFunction_removesTheirDeployments() throws Exception {
        twoVersions("gone");
        lambda.deleteFunction(r -> r.functionName("gone").qualifier("1"));
        LambdaFixture.await(() -> fixture.functions.calls.contains("remove gone:1"), "version 1 removed from the host");
        assertFalse(fixture.functions.deployed.containsKey("gone:1"));
        assertThrows(ResourceNotFoundException.class, () -> invoke("gone", "1"));

        lambda.deleteFunction(r -> r.functionName("gone"));
        LambdaFixture.await(() -> fixture.functions.calls.contains("remove gone:2")
                && fixture.functions.calls.contains("remove gone"), "$LATEST and version 2 removed");
        assertTrue(fixture.functions.deployed.keySet().stream().noneMatch(key -> key.startsWith("gone")));
    }

    /**
     * A mapping created with a qualified FunctionName keeps the qualified FunctionArn and invokes that version; through
     * an alias it invokes the alias's version, and follows the alias when it moves.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html">CreateEventSourceMapping (FunctionName)</a>
     */
    /**
     * The function, each version and each alias are separate mapping targets: a source can be mapped to the function
     * and to its alias, not twice to the same ARN, and ListEventSourceMappings by a name or ARN lists the mappings of
     * exactly that ARN ("you can get list of event source mappings for a specific Lambda function version or an
     * alias").
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_ListEventSourceMappings.html">ListEventSourceMappings (FunctionName: version or alias ARN)</a>
     * @see <a href="https://docs.aws.amazon.com/cli/latest/reference/lambda/list-event-source-mappings.html">aws lambda list-event-source-mappings</a>
     */
    @Test
    void theFunctionAndItsAlias_areSeparateMappingTargets_listedByTheirOwnArn() throws Exception {
        twoVersions("targets");
        lambda.createAlias(r -> r.functionName("targets").name("live").functionVersion("1"));
        String arn = "arn:aws:lambda:us-east-1:000000000000:function:targets";

        var unqualified = lambda.createEventSourceMapping(r -> r.functionName("targets").eventSourceArn(STREAM)
                .startingPosition(EventSourcePosition.LATEST));
        var throughAlias = lambda.createEventSourceMapping(r -> r.functionName(arn + ":live").eventSourceArn(STREAM)
                .startingPosition(EventSourcePosition.LATEST));
        ResourceConflictException twice = assertThrows(ResourceConflictException.class,
                () -> lambda.createEventSourceMapping(r -> r.functionName("targets:live").eventSourceArn(STREAM)
                        .startingPosition(EventSourcePosition.LATEST)));
        assertTrue(twice.getMessage().contains("and function (\" targets:live \") provided mapping already exists. "
                + "Please update or delete the existing mapping with UUID " + throughAlias.uuid()), twice.getMessage());

        assertEquals(List.of(unqualified.uuid()), mappingIds(lambda.listEventSourceMappings(r -> r.functionName("targets"))));
        assertEquals(List.of(unqualified.uuid()), mappingIds(lambda.listEventSourceMappings(r -> r.functionName(arn))));
        assertEquals(List.of(throughAlias.uuid()), mappingIds(lambda.listEventSourceMappings(r -> r.functionName(arn + ":live"))));
        assertEquals(List.of(throughAlias.uuid()), mappingIds(lambda.listEventSourceMappings(r -> r.functionName("targets:live"))));
        assertEquals(List.of(), mappingIds(lambda.listEventSourceMappings(r -> r.functionName("targets:2"))));
    }

    private static List<String> mappingIds(ListEventSourceMappingsResponse response) {
        return response.eventSourceMappings().stream().map(EventSourceMappingConfiguration::uuid).toList();
    }

    @Test
    void aMappingThroughAVersionOrAlias_invokesThatVersion() throws Exception {
        twoVersions("mapped");
        lambda.createAlias(r -> r.functionName("mapped").name("live").functionVersion("1"));
        String arn = "arn:aws:lambda:us-east-1:000000000000:function:mapped";

        var throughAlias = lambda.createEventSourceMapping(r -> r.functionName(arn + ":live").eventSourceArn(STREAM)
                .startingPosition(EventSourcePosition.LATEST));
        assertEquals(arn + ":live", throughAlias.functionArn());
        LambdaFixture.await(() -> fixture.mappings.applied.containsKey(throughAlias.uuid()), "the mapping applied");
        assertEquals("mapped:1", fixture.mappings.applied.get(throughAlias.uuid()).functionName());

        lambda.updateAlias(r -> r.functionName("mapped").name("live").functionVersion("2"));
        LambdaFixture.await(() -> "mapped:2".equals(fixture.mappings.applied.get(throughAlias.uuid()).functionName()),
                "the mapping applied again with the alias's new version");
        assertEquals(arn + ":live", lambda.getEventSourceMapping(r -> r.uuid(throughAlias.uuid())).functionArn());

        lambda.deleteEventSourceMapping(r -> r.uuid(throughAlias.uuid()));
        LambdaFixture.await(() -> !fixture.mappings.applied.containsKey(throughAlias.uuid()), "the mapping removed");
        var toVersion = lambda.createEventSourceMapping(r -> r.functionName("mapped:1").eventSourceArn(STREAM)
                .startingPosition(EventSourcePosition.LATEST));
        assertEquals(arn + ":1", toVersion.functionArn());
        LambdaFixture.await(() -> fixture.mappings.applied.containsKey(toVersion.uuid()), "the mapping applied");
        assertEquals("mapped:1", fixture.mappings.applied.get(toVersion.uuid()).functionName());

        assertThrows(ResourceNotFoundException.class, () -> lambda.createEventSourceMapping(r -> r.functionName("mapped:nope")
                .eventSourceArn("arn:aws:kinesis:us-east-1:000000000000:stream/other").startingPosition(EventSourcePosition.LATEST)));
    }

    @Test
    void versions_areDeployedAgainOnRestart() throws Exception {
        fixture.close();
        try (LambdaFixture first = new LambdaFixture(EdgeEndpoint.builder().port(0).dataDirectory(data))) {
            fixture = first;
            lambda = first.lambda;
            twoVersions("kept");
        }
        try (LambdaFixture second = new LambdaFixture(EdgeEndpoint.builder().port(0).dataDirectory(data))) {
            LambdaFixture.await(() -> second.functions.deployed.keySet().containsAll(java.util.Set.of("kept", "kept:1", "kept:2")),
                    "$LATEST and both versions deployed again");
            assertEquals(Map.of("COLOUR", "red"), second.functions.deployed.get("kept:1").environment());
            assertTrue(second.functions.deployed.get("kept:1").code().toFile().isFile());
            InvokeResponse response = second.lambda.invoke(r -> r.functionName("kept").qualifier("1"));
            assertEquals("1", response.executedVersion());
            assertTrue(second.functions.invocations.get(0).startsWith("kept:1 "));
        }
        fixture = new LambdaFixture();
    }

    private InvokeResponse invoke(String name, String qualifier) {
        return lambda.invoke(r -> r.functionName(name).qualifier(qualifier).payload(SdkBytes.fromUtf8String("{}")));
    }
}
