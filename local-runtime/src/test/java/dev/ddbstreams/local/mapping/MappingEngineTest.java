package dev.ddbstreams.local.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.mapping.TestBed.Spec;
import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.Wiring;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the engine does before any emulator is involved: which mappings can run, and why not. */
class MappingEngineTest {

    private static MappingEngine.Builder builder(Wiring wiring) {
        return MappingEngine.builder().wiring(wiring).resolver(new ApiSourceResolver(null, null, null))
                .invoker(FakeFunctionInvoker.succeeding()).checkpoints(new InMemoryCheckpointStore())
                .region("us-east-1");
    }

    @Test
    void withoutAKinesisClient_kinesisMappingsAreDisabled_withTheReason() {
        try (MappingEngine engine = builder(TestBed.wiring("lab", Spec.kinesis("Lab-Stream").build()))
                .kinesisUnavailableReason("Kinesis disabled (--no-kinesis)").build()) {
            engine.start();
            MappingStatus status = engine.status("lab").orElseThrow();
            assertEquals("DISABLED", status.state());
            assertTrue(status.lastError().contains("Kinesis disabled (--no-kinesis)"), status.lastError());
            assertEquals("kinesis Lab-Stream", status.source());
        }
    }

    @Test
    void invalidFilterCriteria_disableTheMapping_withTheReason() {
        try (MappingEngine engine = builder(TestBed.wiring("bad", Spec.dynamoDb("t")
                .filter("{\"eventName\":[{\"cidr\":\"10.0.0.0/8\"}]}").build())).build()) {
            MappingStatus status = engine.status("bad").orElseThrow();
            assertEquals("DISABLED", status.state());
            assertTrue(status.lastError().startsWith("invalid filter criteria"), status.lastError());
        }
    }

    @Test
    void missingClients_disableTheirMappings_andStatusesAreSortedByName() {
        Map<String, MappingSpec> mappings = new LinkedHashMap<>();
        mappings.put("z-queue", Spec.sqs("q").build());
        mappings.put("a-table", Spec.dynamoDb("t").build());
        try (MappingEngine engine = builder(TestBed.wiring(mappings, Map.of())).build()) {
            engine.start();
            List<MappingStatus> statuses = engine.statuses();
            assertEquals(List.of("a-table", "z-queue"), statuses.stream().map(MappingStatus::name).toList());
            statuses.forEach(status -> assertEquals("DISABLED", status.state()));
            assertTrue(statuses.get(0).lastError().contains("DynamoDbStreamsClient"));
            assertTrue(statuses.get(1).lastError().contains("SqsClient"));
        }
        assertEquals(List.of(), TestBed.mappingThreads());
    }

    @Test
    void theProjectWiring_buildsOnePollerPerMapping() {
        Wiring wiring = Wiring.load(Path.of("..", "terraform", "wiring.json"));
        try (MappingEngine engine = builder(wiring).build()) {
            assertEquals(wiring.mappingNames(), engine.statuses().stream().map(MappingStatus::name).toList());
        }
    }

    @Test
    void requiredCollaborators_areChecked() {
        assertThrows(NullPointerException.class, () -> MappingEngine.builder().build());
        MappingEngine closed = builder(TestBed.wiring("m", Spec.dynamoDb("t").build())).build();
        closed.close();
        assertThrows(IllegalStateException.class, closed::start);
    }
}
