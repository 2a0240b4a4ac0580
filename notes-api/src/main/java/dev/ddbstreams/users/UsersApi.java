package dev.ddbstreams.users;

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
import java.util.Set;

/**
 * The users routes: HTTP in, {@link UsersService} calls, HTTP out. No Lambda types.
 *
 * <pre>
 * POST   /users       {email}   201 {id, email, timestamp}, Location: /users/{id}
 * GET    /users/{id}            200 user | 404
 * DELETE /users/{id}            200 the deleted user | 404
 * </pre>
 *
 * There is no listing: e-mail addresses are personal data, and the tutorial has none.
 */
public final class UsersApi {

    private final UsersService users;

    private UsersApi(UsersService users) {
        this.users = users;
    }

    public static HttpApi create(UsersService users, StructuredLog log) {
        UsersApi api = new UsersApi(users);
        Router router = Router.builder()
                .post("/users", (request, path) -> api.create(request))
                .get("/users/{id}", (request, path) -> api.get(request, path.get("id")))
                .delete("/users/{id}", (request, path) -> api.delete(request, path.get("id")))
                .build();
        return new HttpApi(router, log);
    }

    private HttpResponse create(HttpRequest request) {
        return noQueryParameters(request)
                .flatMap(RequestBodies::readJsonObject)
                .flatMap(UserRequests::newUserEmail)
                .toResponse(email -> {
                    User user = users.create(email);
                    String base = request.rawPath().endsWith("/") ? request.rawPath() : request.rawPath() + "/";
                    return HttpResponse.json(201, user).withHeader("Location", base + user.id());
                });
    }

    private HttpResponse get(HttpRequest request, String rawId) {
        return ResourceIds.parse(rawId, "user")
                .flatMap(id -> noQueryParameters(request).map(ignored -> id))
                .toResponse(id -> users.find(id).map(HttpResponse::ok).orElseGet(UsersApi::notFound));
    }

    private HttpResponse delete(HttpRequest request, String rawId) {
        return ResourceIds.parse(rawId, "user")
                .flatMap(id -> noQueryParameters(request).map(ignored -> id))
                .toResponse(id -> users.delete(id).map(HttpResponse::ok).orElseGet(UsersApi::notFound));
    }

    private static Validated<HttpRequest> noQueryParameters(HttpRequest request) {
        return QueryParameters.parse(request.rawQueryString(), Set.of()).map(ignored -> request);
    }

    private static HttpResponse notFound() {
        return ApiError.of(ErrorCode.USER_NOT_FOUND, "There is no user with this id.").toResponse();
    }
}
