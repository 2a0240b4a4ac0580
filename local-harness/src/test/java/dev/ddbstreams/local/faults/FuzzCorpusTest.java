package dev.ddbstreams.local.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FuzzCorpusTest {

    private static final List<FuzzRequest> CORPUS = FuzzCorpus.generate(42, 2_000);

    @Test
    void generate_isReproducible_fromItsSeed() {
        List<FuzzRequest> again = FuzzCorpus.generate(42, 2_000);
        for (int i = 0; i < CORPUS.size(); i++) {
            assertEquals(CORPUS.get(i).describe(), again.get(i).describe());
            assertArrayEquals(CORPUS.get(i).body(), again.get(i).body());
        }
        assertNotEquals(CORPUS.stream().map(FuzzRequest::describe).toList(),
                FuzzCorpus.generate(43, 2_000).stream().map(FuzzRequest::describe).toList());
    }

    @Test
    void generate_givesTheCountAsked_withEveryCategoryItsShare() {
        assertEquals(2_000, CORPUS.size());
        Map<String, Long> byCategory = CORPUS.stream()
                .collect(Collectors.groupingBy(FuzzRequest::category, Collectors.counting()));
        assertEquals(FuzzCorpus.CATEGORIES.keySet(), byCategory.keySet());
        FuzzCorpus.CATEGORIES.forEach((category, share) ->
                assertTrue(Math.abs(byCategory.get(category) - share * 2_000) <= 1, category + ": " + byCategory.get(category)));
    }

    @Test
    void generate_boundsTheHugeBodies() {
        long overApiLimit = CORPUS.stream().filter(request -> request.body().length > 10 * 1024 * 1024).count();
        long largest = CORPUS.stream().mapToLong(request -> request.body().length).max().orElse(0);
        assertEquals(3, overApiLimit);
        assertTrue(largest < 13 * 1024 * 1024, "largest body " + largest);
        assertTrue(CORPUS.stream().anyMatch(request -> request.body().length > 400 * 1024
                && request.body().length < 1024 * 1024), "no body between the item and the API limits");
    }

    @Test
    void generate_coversEveryMethodAndTheHostileUnicode() {
        List<String> methods = CORPUS.stream().map(FuzzRequest::method).distinct().toList();
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT")) {
            assertTrue(methods.contains(method), method);
        }
        List<String> labels = CORPUS.stream().map(FuzzRequest::label).toList();
        assertTrue(labels.stream().anyMatch(label -> label.startsWith("lone surrogate")));
        assertTrue(labels.stream().anyMatch(label -> label.startsWith("invalid UTF-8")));
        assertTrue(labels.stream().anyMatch(label -> label.contains("NUL")));
        assertTrue(labels.stream().anyMatch(label -> label.startsWith("depth 100000")));
    }
}
