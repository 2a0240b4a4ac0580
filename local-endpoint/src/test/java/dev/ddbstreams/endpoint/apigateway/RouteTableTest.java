package dev.ddbstreams.endpoint.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.endpoint.apigateway.RouteTable.RouteMatch;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable routes = new RouteTable(Map.of(
            "GET /pets/dog/1", "exact",
            "GET /pets/dog/{id}", "variable",
            "GET /pets/{proxy+}", "greedy",
            "ANY /pets/dog/{id}", "any-variable",
            "ANY /{proxy+}", "root-greedy",
            "POST /pets", "post-pets"));

    @Test
    void exactPath_beatsPathVariable_beatsGreedyVariable() {
        assertEquals("exact", function("GET", "/pets/dog/1"));
        assertEquals("variable", function("GET", "/pets/dog/2"));
        assertEquals("greedy", function("GET", "/pets/cat/1"));
    }

    @Test
    void methodSpecificRoute_beatsAny_forTheSamePath() {
        assertEquals("variable", function("GET", "/pets/dog/7"));
        assertEquals("any-variable", function("DELETE", "/pets/dog/7"));
    }

    @Test
    void literalSegmentsEarlierInThePath_winOverVariablesThere() {
        assertEquals("greedy", function("GET", "/pets/x"));
        assertEquals("root-greedy", function("GET", "/toys/x"));
        assertEquals("post-pets", function("POST", "/pets"));
        assertEquals("root-greedy", function("PUT", "/pets"));
    }

    @Test
    void pathParameters_areDecoded_andAGreedyOneSpansTheRestOfThePath() {
        RouteMatch variable = routes.match("GET", "/pets/dog/caf%C3%A9").orElseThrow();
        RouteMatch greedy = routes.match("GET", "/pets/a/b%2Fc/d").orElseThrow();

        assertEquals(Map.of("id", "café"), variable.pathParameters());
        assertEquals(Map.of("proxy", "a/b/c/d"), greedy.pathParameters());
        assertEquals("GET /pets/{proxy+}", greedy.routeKey());
    }

    @Test
    void greedyVariable_needsAtLeastOneSegment() {
        RouteTable notes = new RouteTable(Map.of("ANY /notes", "list", "ANY /notes/{proxy+}", "item"));

        assertEquals(Optional.of("list"), notes.match("GET", "/notes").map(RouteMatch::target));
        assertEquals(Optional.of("item"), notes.match("GET", "/notes/n1").map(RouteMatch::target));
        assertTrue(notes.match("GET", "/notes/").isEmpty());
        assertTrue(notes.match("GET", "/").isEmpty());
        assertTrue(notes.match("GET", "/notesx").isEmpty());
    }

    @Test
    void defaultRoute_catchesWhatNothingElseMatches() {
        RouteTable withDefault = new RouteTable(Map.of("GET /a", "a", "$default", "fallback"));

        assertEquals("a", withDefault.match("GET", "/a").orElseThrow().target());
        RouteMatch fallback = withDefault.match("POST", "/a").orElseThrow();
        assertEquals("$default", fallback.routeKey());
        assertEquals(Map.of(), fallback.pathParameters());
    }

    @Test
    void malformedRouteKeys_areRejected_sayingWhich() {
        IllegalArgumentException noPath = assertThrows(IllegalArgumentException.class,
                () -> new RouteTable(Map.of("GET", "f")));
        IllegalArgumentException greedyInTheMiddle = assertThrows(IllegalArgumentException.class,
                () -> new RouteTable(Map.of("GET /{proxy+}/x", "f")));

        assertTrue(noPath.getMessage().contains("\"GET\""), noPath.getMessage());
        assertTrue(greedyInTheMiddle.getMessage().contains("must come last"), greedyInTheMiddle.getMessage());
    }

    @Test
    void malformedPercentEncoding_isMatchedAsSent() {
        assertEquals(Map.of("proxy", "%zz"), routes.match("GET", "/pets/%zz").orElseThrow().pathParameters());
    }

    private String function(String method, String path) {
        return routes.match(method, path).map(RouteMatch::target).orElse("none");
    }
}
