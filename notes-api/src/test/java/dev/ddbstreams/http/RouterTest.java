package dev.ddbstreams.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {

    private final List<String> calls = new ArrayList<>();
    private final Router router = Router.builder()
            .get("/things", (request, path) -> answer("list"))
            .post("/things", (request, path) -> answer("create"))
            .get("/things/{id}", (request, path) -> answer("get " + path.get("id")))
            .delete("/things/{id}", (request, path) -> answer("delete " + path.get("id")))
            .build();

    private HttpResponse answer(String call) {
        calls.add(call);
        return HttpResponse.ok(Map.of("call", call));
    }

    private HttpResponse dispatch(String method, String path) {
        return router.dispatch(HttpRequest.builder(method, path).build());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET, /things, list",
            "GET, /things/, list",
            "POST, /things, create",
            "GET, /things/a1, get a1",
            "DELETE, /things/a%2Fb, delete a%2Fb"})
    void dispatch_callsTheRouteOfMethodAndPath_withRawPathParameters(String method, String path, String call) {
        assertEquals(200, dispatch(method, path).status());
        assertEquals(List.of(call), calls);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/", "/thing", "/Things", "/things/a/b", "/things//", "/things//a", "//things", "/other/things"})
    void dispatch_answers404_whenNoTemplateMatchesThePath(String path) {
        HttpResponse response = dispatch("GET", path);

        assertEquals(404, response.status());
        assertEquals(List.of(), calls);
    }

    @Test
    void dispatch_answers405WithAllow_whenThePathMatchesButTheMethodDoesNot() {
        HttpResponse response = dispatch("PATCH", "/things/a1");

        assertEquals(405, response.status());
        assertEquals("GET, HEAD, DELETE, OPTIONS", response.headers().get("Allow"));
        assertEquals(List.of(), calls);
    }

    @Test
    void dispatch_answersHeadWithTheGetRoute_withoutBody() {
        HttpResponse response = dispatch("HEAD", "/things/a1");

        assertEquals(200, response.status());
        assertEquals("application/json", response.headers().get("Content-Type"));
        assertNull(response.body());
        assertEquals(List.of("get a1"), calls);
    }

    @Test
    void dispatch_answersOptionsWith204AndAllow() {
        HttpResponse response = dispatch("OPTIONS", "/things");

        assertEquals(204, response.status());
        assertEquals("GET, HEAD, POST, OPTIONS", response.headers().get("Allow"));
        assertNull(response.body());
    }

    @Test
    void dispatch_keepsUnprintableMethodsOutOfTheMessage() {
        HttpResponse response = dispatch("G\u0000ET\n", "/things");

        assertEquals(405, response.status());
        assertEquals(false, response.body().contains("\\u0000"), response.body());
    }

    @Test
    void builder_refusesADuplicateRoute() {
        Router.Builder builder = Router.builder().get("/a", (request, path) -> HttpResponse.noContent());

        assertThrows(IllegalArgumentException.class, () -> builder.get("/a", (request, path) -> HttpResponse.noContent()));
    }
}
