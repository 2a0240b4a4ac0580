package dev.ddbstreams.endpoint.routing;

import dev.ddbstreams.endpoint.iam.enforcement.IamEnforcer;
import dev.ddbstreams.endpoint.protocol.AwsRequest;
import dev.ddbstreams.endpoint.protocol.AwsResponse;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;
import dev.ddbstreams.endpoint.protocol.QueryProtocol;
import dev.ddbstreams.endpoint.protocol.RequestIds;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The edge's one Jetty handler: reads the request, tells its service ({@link ServiceResolver}), and forwards it or
 * serves it in-process ({@link Route}). Whatever goes wrong is answered in the requesting protocol's error shape
 * ({@link ErrorShapes}): never an HTML page, a hang or a dropped connection.
 */
public final class EdgeHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeHandler.class);
    /** Larger than any AWS request the project sends (a Lambda zip upload is at most 50 MB, ~67 MB as base64 JSON). */
    static final int MAX_BODY_BYTES = 80 * 1024 * 1024;

    private final ServiceResolver resolver = new ServiceResolver();
    private final ReverseProxy proxy = new ReverseProxy();
    private final Map<AwsService, Route> routes;
    private final Optional<IamEnforcer> iam;

    /** Handlers and the proxy block (disk writes, the backend's answer), so the handler stays {@code BLOCKING}. */
    public EdgeHandler(Map<AwsService, Route> routes) {
        this(routes, Optional.empty());
    }

    /** @param iam when present, every request to a served service is authorized by it first (a refusal never reaches the service) */
    public EdgeHandler(Map<AwsService, Route> routes, Optional<IamEnforcer> iam) {
        this.routes = Map.copyOf(routes);
        this.iam = iam;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = RequestIds.next();
        AwsService.Protocol protocol = AwsService.Protocol.REST_JSON;
        String jsonContentType = "application/x-amz-json-1.1";
        boolean executeApi = false;
        try {
            executeApi = ServiceResolver.isExecuteApi(request.getHttpURI().getPath(), request.getHeaders().get("host"));
            Map<String, List<String>> headers = headers(request);
            String contentType = request.getHeaders().get("content-type");
            if (contentType != null && (contentType.startsWith("application/x-amz-json") || contentType.startsWith("application/x-amz-cbor"))) {
                jsonContentType = contentType;
            }
            // Until the service is known, an error (a malformed form, say) takes the shape the content type implies.
            if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                protocol = AwsService.Protocol.QUERY;
            } else if (request.getHeaders().get("x-amz-target") != null) {
                protocol = AwsService.Protocol.AWS_JSON;
            }
            byte[] body = readBody(request);
            String query = Optional.ofNullable(request.getHttpURI().getQuery()).orElse("");
            AwsRequest awsRequest = new AwsRequest(request.getMethod(), request.getHttpURI().getPath(), query, headers,
                    body, Optional.empty());
            // An HTTP API's query and form body are its clients' (a stray '%' included), not AWS query parameters.
            Map<String, String> parameters = ServiceResolver.isExecuteApi(awsRequest) ? Map.of() : parametersOrEmpty(awsRequest);
            awsRequest = new AwsRequest(awsRequest.method(), awsRequest.path(), query, headers, body,
                    ServiceResolver.accessKeyId(request.getHeaders().get("authorization"), parameters.get("X-Amz-Credential")),
                    new AwsRequest.Connection(request.getConnectionMetaData().getProtocol(), Request.getRemoteAddr(request),
                            Request.getLocalPort(request)));
            ResolvedRequest resolved = resolver.resolve(awsRequest, parameters);
            protocol = resolved.protocol();
            Route route = resolved.service().map(routes::get).orElse(null);
            // An HTTP API's routes are all authorizationType NONE here, which API Gateway serves without IAM.
            if (route != null && iam.isPresent() && resolved.service().get() != AwsService.EXECUTE_API) {
                Optional<AwsServiceException> refusal = iam.get().check(resolved.service().get(), awsRequest, parameters);
                if (refusal.isPresent()) {
                    write(response, callback, ErrorShapes.render(resolved.service().get(), protocol, refusal.get(), requestId, jsonContentType));
                    return true;
                }
            }
            if (route instanceof Route.Forward forward) {
                try {
                    proxy.forward(request, headers, body, forward.backend(), response);
                    callback.succeeded();
                } catch (IOException unreachable) {
                    LOG.warn("Backend {} of {} did not answer: {}", forward.backend(), resolved.service().get(), unreachable.toString());
                    if (!response.isCommitted()) {
                        write(response, callback, ErrorShapes.render(protocol, new AwsServiceException("ServiceUnavailable", 503,
                                "The " + resolved.service().get().signingName() + " backend at " + forward.backend()
                                        + " is not reachable.", false), requestId, jsonContentType));
                    } else {
                        callback.failed(unreachable);
                    }
                }
                return true;
            }
            if (route instanceof Route.InProcess inProcess) {
                write(response, callback, inProcess.handler().handle(awsRequest));
                return true;
            }
            String named = resolved.signingName().or(() -> resolved.service().map(AwsService::signingName)).orElse(null);
            String message = named == null
                    ? "The request names no AWS service this endpoint can identify (no SigV4 scope, X-Amz-Target, Action or known path)."
                    : "The service " + named + " is not served by this endpoint. It serves: " + served() + ".";
            write(response, callback, ErrorShapes.render(protocol, ErrorShapes.unsupported(protocol, message), requestId, jsonContentType));
        } catch (AwsServiceException error) {
            write(response, callback, executeApi ? ErrorShapes.executeApi(error.status())
                    : ErrorShapes.render(protocol, error, requestId, jsonContentType));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            callback.failed(interrupted);
        } catch (RuntimeException | IOException | Error bug) {
            LOG.error("Request {} {} failed", request.getMethod(), request.getHttpURI(), bug);
            if (response.isCommitted()) {
                callback.failed(bug);
            } else if (executeApi) {
                write(response, callback, ErrorShapes.executeApi(500));
            } else {
                write(response, callback, ErrorShapes.render(protocol, new AwsServiceException("InternalFailure", 500,
                        "The endpoint failed to process the request: " + bug, false), requestId, jsonContentType));
            }
        }
        return true;
    }

    private String served() {
        return routes.keySet().stream().map(service -> service.name().toLowerCase().replace('_', '-'))
                .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(", "));
    }

    private static Map<String, String> parametersOrEmpty(AwsRequest request) {
        String contentType = request.header("content-type").orElse("");
        if (contentType.startsWith("application/x-amz-json") || contentType.startsWith("application/json")
                || contentType.startsWith("application/cbor")) {
            return QueryProtocol.parameters(new AwsRequest(request.method(), request.path(), request.query(),
                    request.headers(), new byte[0], Optional.empty()));
        }
        return QueryProtocol.parameters(request);
    }

    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getLowerCaseName(), name -> new ArrayList<>()).add(field.getValue());
        }
        return headers;
    }

    private static byte[] readBody(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            throw new AwsServiceException("RequestEntityTooLarge", 413, "The request body exceeds " + MAX_BODY_BYTES + " bytes.");
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new AwsServiceException("RequestEntityTooLarge", 413, "The request body exceeds " + MAX_BODY_BYTES + " bytes.");
            }
            return body;
        } catch (IOException | HttpException.RuntimeException | HttpException.IllegalArgumentException brokenFraming) {
            // Shorter than announced, cut off, a bad chunk size: the client's fault, not the endpoint's.
            throw new AwsServiceException("BadRequest", 400, "The request body could not be read: " + brokenFraming.getMessage());
        }
    }

    private static void write(Response response, Callback callback, AwsResponse answer) {
        response.setStatus(answer.status());
        response.getHeaders().put("Content-Type", answer.contentType());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        answer.repeatedHeaders().forEach(header -> response.getHeaders().add(header.getKey(), header.getValue()));
        response.getHeaders().put("Content-Length", answer.body().length);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }
}
