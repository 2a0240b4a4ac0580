package dev.ddbstreams.local.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.faults.FuzzRequest.ErrorShape;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EdgeFuzzCorpusTest {

    private static final List<FuzzRequest> CORPUS = EdgeFuzzCorpus.generate(42, 2_000);

    @Test
    void generate_isReproducible_fromItsSeed() {
        List<FuzzRequest> again = EdgeFuzzCorpus.generate(42, 2_000);
        for (int i = 0; i < CORPUS.size(); i++) {
            assertEquals(CORPUS.get(i).describe(), again.get(i).describe());
            assertArrayEquals(CORPUS.get(i).body(), again.get(i).body());
        }
    }

    @Test
    void generate_givesTheCountAsked_withEveryCategoryItsShare() {
        assertEquals(2_000, CORPUS.size());
        Map<String, Long> byCategory = CORPUS.stream()
                .collect(Collectors.groupingBy(FuzzRequest::category, Collectors.counting()));
        assertEquals(EdgeFuzzCorpus.CATEGORIES.keySet(), byCategory.keySet());
        EdgeFuzzCorpus.CATEGORIES.forEach((category, share) ->
                assertTrue(Math.abs(byCategory.get(category) - share * 2_000) <= 1, category + ": " + byCategory.get(category)));
    }

    @Test
    void seeds_coverEveryServiceTheEdgeServes_inEachOfItsProtocols() {
        Set<String> services = EdgeFuzzCorpus.SEEDS.stream().map(EdgeFuzzCorpus.Seed::service).collect(Collectors.toSet());
        assertEquals(Set.of("dynamodb", "kinesis", "logs", "sqs", "iam", "sts", "monitoring", "lambda", "apigateway",
                "execute-api"), services);
        Set<ErrorShape> shapes = EdgeFuzzCorpus.SEEDS.stream().map(EdgeFuzzCorpus.Seed::shape).collect(Collectors.toSet());
        assertEquals(Set.of(ErrorShape.AWS_JSON, ErrorShape.AWS_QUERY, ErrorShape.RPC_V2_CBOR), shapes);
        assertTrue(EdgeFuzzCorpus.SEEDS.stream().anyMatch(seed -> seed.service().equals("sqs") && seed.shape() == ErrorShape.AWS_JSON));
        assertTrue(EdgeFuzzCorpus.SEEDS.stream().anyMatch(seed -> seed.service().equals("sqs") && seed.shape() == ErrorShape.AWS_QUERY));
        assertTrue(CORPUS.stream().anyMatch(request -> request.label().contains("(signed)")));
        assertTrue(CORPUS.stream().anyMatch(request -> !request.label().contains("(signed)")));
    }

    @Test
    void generate_boundsTheBodies() {
        long largest = CORPUS.stream().mapToLong(request -> Math.max(request.body().length,
                request.raw() == null ? 0 : request.raw().length)).max().orElse(0);
        assertTrue(largest < 4 * 1024 * 1024, "largest body " + largest);
    }
}
