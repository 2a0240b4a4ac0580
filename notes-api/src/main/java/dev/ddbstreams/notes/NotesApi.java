package dev.ddbstreams.notes;

import dev.ddbstreams.http.ApiError;
import dev.ddbstreams.http.ErrorCode;
import dev.ddbstreams.http.HttpApi;
import dev.ddbstreams.http.HttpRequest;
import dev.ddbstreams.http.HttpResponse;
import dev.ddbstreams.http.QueryParameters;
import dev.ddbstreams.http.RequestBodies;
import dev.ddbstreams.http.ResourceIds;
import dev.ddbstreams.http.Router;
import dev.ddbstreams.http.Validated;
import dev.ddbstreams.lambda.StructuredLog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The notes routes: HTTP in, {@link NotesService} calls, HTTP out. No Lambda types.
 *
 * <pre>
 * POST   /notes        {title, content}    201 note, Location: /notes/{id}
 * GET    /notes        ?limit&amp;nextToken    200 {items, nextToken}
 * GET    /notes/{id}                       200 note | 404
 * PUT    /notes/{id}   {title?, content?}  200 note | 404
 * DELETE /notes/{id}                       204 | 404
 * </pre>
 */
public final class NotesApi {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,3}");
    private static final Set<String> LIST_PARAMETERS = Set.of("limit", "nextToken");

    private final NotesService notes;

    private NotesApi(NotesService notes) {
        this.notes = notes;
    }

    public static HttpApi create(NotesService notes, StructuredLog log) {
        NotesApi api = new NotesApi(notes);
        Router router = Router.builder()
                .get("/notes", (request, path) -> api.list(request))
                .post("/notes", (request, path) -> api.create(request))
                .get("/notes/{id}", (request, path) -> api.get(request, path.get("id")))
                .put("/notes/{id}", (request, path) -> api.update(request, path.get("id")))
                .delete("/notes/{id}", (request, path) -> api.delete(request, path.get("id")))
                .build();
        return new HttpApi(router, log);
    }

    private HttpResponse create(HttpRequest request) {
        return noQueryParameters(request)
                .flatMap(RequestBodies::readJsonObject)
                .flatMap(NoteRequests::newNote)
                .toResponse(newNote -> {
                    Note note = notes.create(newNote);
                    return HttpResponse.json(201, note).withHeader("Location", location(request, note.id()));
                });
    }

    private HttpResponse get(HttpRequest request, String rawId) {
        return ResourceIds.parse(rawId, "note")
                .flatMap(id -> noQueryParameters(request).map(ignored -> id))
                .toResponse(id -> notes.find(id).map(HttpResponse::ok).orElseGet(() -> notFound(id)));
    }

    private HttpResponse list(HttpRequest request) {
        return QueryParameters.parse(request.rawQueryString(), LIST_PARAMETERS)
                .flatMap(query -> limit(query).flatMap(limit -> startAfter(query)
                        .map(startAfter -> notes.list(limit, startAfter))))
                .toResponse(page -> HttpResponse.ok(new NotesPageBody(page.items(),
                        page.lastEvaluatedId().map(NextTokens::encode).orElse(null))));
    }

    private HttpResponse update(HttpRequest request, String rawId) {
        return ResourceIds.parse(rawId, "note")
                .flatMap(id -> noQueryParameters(request)
                        .flatMap(RequestBodies::readJsonObject)
                        .flatMap(NoteRequests::update)
                        .map(update -> Map.entry(id, update)))
                .toResponse(change -> notes.update(change.getKey(), change.getValue())
                        .map(HttpResponse::ok)
                        .orElseGet(() -> notFound(change.getKey())));
    }

    private HttpResponse delete(HttpRequest request, String rawId) {
        return ResourceIds.parse(rawId, "note")
                .flatMap(id -> noQueryParameters(request).map(ignored -> id))
                .toResponse(id -> notes.delete(id) ? HttpResponse.noContent() : notFound(id));
    }

    private static Validated<Integer> limit(QueryParameters query) {
        Optional<String> limit = query.get("limit");
        if (limit.isEmpty()) {
            return Validated.valid(DEFAULT_LIMIT);
        }
        String text = limit.get();
        int value = LIMIT.matcher(text).matches() ? Integer.parseInt(text) : -1;
        if (value < 1 || value > MAX_LIMIT) {
            return Validated.invalid(ErrorCode.INVALID_QUERY_PARAMETER,
                    "limit must be a whole number from 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ").");
        }
        return Validated.valid(value);
    }

    private static Validated<Optional<String>> startAfter(QueryParameters query) {
        Optional<String> token = query.get("nextToken");
        return token.isEmpty() ? Validated.valid(Optional.empty()) : NextTokens.decode(token.get()).map(Optional::of);
    }

    private static Validated<HttpRequest> noQueryParameters(HttpRequest request) {
        return QueryParameters.parse(request.rawQueryString(), Set.of()).map(ignored -> request);
    }

    /** The client's own path (with any stage prefix) plus the id, so the link works behind a named stage. */
    private static String location(HttpRequest request, String id) {
        String base = request.rawPath().endsWith("/") ? request.rawPath() : request.rawPath() + "/";
        return base + id;
    }

    private static HttpResponse notFound(String id) {
        return ApiError.of(ErrorCode.NOTE_NOT_FOUND, "There is no note with this id.").toResponse();
    }

    /** The body of {@code GET /notes}; {@code nextToken} is {@code null} on the last page. */
    record NotesPageBody(List<Note> items, String nextToken) {
    }
}
