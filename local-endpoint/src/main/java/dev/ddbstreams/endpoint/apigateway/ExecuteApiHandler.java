package dev.ddbstreams.endpoint.apigateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.apigateway.ApiGatewayService.Deployed;
import dev.ddbstreams.endpoint.apigateway.HttpApiModel.Integration;
import dev.ddbstreams.endpoint.apigateway.PayloadFormatV2.ApiContext;
import dev.ddbstreams.endpoint.apigateway.RouteTable.RouteMatch;
import dev.ddbstreams.endpoint.lambda.InvokeResult;
import dev.ddbstreams.endpoint.lambda.LambdaInvoker;
import dev.ddbstreams.endpoint.protocol.AwsRequest;
import dev.ddbstreams.endpoint.protocol.AwsResponse;
import dev.ddbstreams.endpoint.protocol.ServiceHandler;
import dev.ddbstreams.endpoint.routing.ServiceResolver;
import org.eclipse.jetty.http.UriCompliance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Serves HTTP APIs as API Gateway's {@code execute-api} endpoint does, on the edge:
 * {@code http://127.0.0.1:4566/_aws/execute-api/<apiId>/<path>} (or the host name
 * {@code <apiId>.execute-api.localhost:4566}). The first path segment selects a stage when it names one (a named
 * stage's URL is {@code <api endpoint>/<stage>}); otherwise the {@code $default} stage serves the request at the root.
 * The stage's deployment selects the route (most specific first, {@code $default} last), and its AWS_PROXY
 * integration calls the function through {@link LambdaInvoker} as {@code apigateway.amazonaws.com}, with the event
 * in the integration's payload format; the function's answer is mapped back to HTTP.
 *
 * <p>API Gateway's own answers are JSON {@code {"message": ...}}: no API, stage or route: 404 {@code Not Found};
 * the API's default endpoint disabled: 403 {@code Forbidden};
 * the function cannot be invoked (missing, or its resource policy does not allow API Gateway), failed, or answered
 * something unusable: 500 {@code Internal Server Error}; no answer within the integration's timeout: 503
 * {@code Service Unavailable}; a body over 10 MB: 413.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html">Routes for HTTP APIs (route selection)</a>
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">Lambda proxy integrations: payload formats and response mapping</a>
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html">Troubleshooting Lambda integrations (500 Internal Server Error when API Gateway lacks permission)</a>
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html">HTTP API quotas (10 MB payload, 30 s integration timeout)</a>
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-publish.html">Publishing HTTP APIs (stages, the default endpoint)</a>
 */
public final class ExecuteApiHandler implements ServiceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExecuteApiHandler.class);
    /** The principal API Gateway invokes functions as, which a function's resource policy must allow. */
    public static final String SERVICE_PRINCIPAL = "apigateway.amazonaws.com";
    public static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    /** Lambda's limit for a synchronous invocation's request payload: API Gateway cannot invoke with more. */
    static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;
    static final String REQUEST_ID_HEADER = "Apigw-Requestid";
    /**
     * What a server in front of HTTP APIs lets through: ambiguous but well-formed paths ({@code //}, {@code %2F},
     * {@code ..}, {@code ;}) and raw characters RFC 3986 leaves out of paths ({@code {}}, {@code <>}, UTF-8) are
     * passed on as sent, as API Gateway routes on the raw path; percent-encoding that decodes to no text (malformed
     * escapes, bytes that are not UTF-8, {@code %u} escapes, an escaped NUL) is refused with 400. The control plane
     * needs {@code %2F} too: a tag's resource ARN ({@code /v2/tags/arn%3A...%3A%2Fapis%2F<id>}) carries slashes.
     */
    public static final UriCompliance RAW_PATHS = UriCompliance.from(Set.of(
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING, UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS,
            UriCompliance.Violation.ILLEGAL_PATH_CHARACTERS, UriCompliance.Violation.FRAGMENT));

    private final ApiGatewayService service;
    private final Supplier<LambdaInvoker> invoker;
    private final ExecutorService invocations = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "execute-api-invoke");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param invoker the Lambda side; {@code null} from the supplier while no Lambda is wired, when every integration
     *                answers 500 (as a function API Gateway cannot call does)
     */
    public ExecuteApiHandler(ApiGatewayService service, Supplier<LambdaInvoker> invoker) {
        this.service = service;
        this.invoker = invoker;
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String requestId = IncomingRequest.newRequestId();
        HttpReply reply;
        try {
            reply = serve(request, requestId);
        } catch (RuntimeException bug) {
            LOG.error("execute-api {} {} failed", request.method(), request.path(), bug);
            reply = HttpReply.internalServerError();
        }
        return toResponse(reply, requestId, request.method());
    }

    private HttpReply serve(AwsRequest request, String requestId) {
        Optional<String> hostApi = ServiceResolver.executeApiHost(request.header("host").orElse(""));
        String apiId;
        String rest;
        if (hostApi.isPresent()) {
            apiId = hostApi.get();
            rest = request.path().isEmpty() ? "/" : request.path();
        } else if (!request.path().startsWith(ServiceResolver.EXECUTE_API_PATH)) {
            // Signed for execute-api but addressed to no API (neither the path nor the host names one).
            return HttpReply.notFound();
        } else {
            String afterPrefix = request.path().substring(ServiceResolver.EXECUTE_API_PATH.length());
            int slash = afterPrefix.indexOf('/');
            apiId = slash < 0 ? afterPrefix : afterPrefix.substring(0, slash);
            rest = slash < 0 ? "/" : afterPrefix.substring(slash);
        }
        if (service.defaultEndpointDisabled(apiId)) {
            return HttpReply.message(403, "Forbidden");
        }
        String firstSegment = RouteTable.decode(rest.substring(1).split("/", -1)[0]);
        Optional<Map.Entry<Deployed, Boolean>> found = service.deployed(apiId, firstSegment.isEmpty() ? null : firstSegment);
        if (found.isEmpty()) {
            return HttpReply.notFound();
        }
        Deployed deployed = found.get().getKey();
        boolean stageInPath = found.get().getValue();
        String routePath = stageInPath ? rest.substring(1 + rest.substring(1).split("/", -1)[0].length()) : rest;
        if (routePath.isEmpty()) {
            routePath = "/";
        }
        // On a named stage the event's rawPath keeps the stage (/dev/notes); $default is served at the root. AWS's own
        // events show it: aws-powertools/powertools-lambda-python#621, logandk/serverless-wsgi#191.
        String rawPath = stageInPath && !deployed.stageName().equals(ApiGatewayService.DEFAULT_STAGE) ? rest : routePath;

        Map<String, String> targets = new LinkedHashMap<>();
        deployed.routes().values().forEach(route -> targets.put(route.routeKey,
                route.target == null ? "" : route.target.substring("integrations/".length())));
        Optional<RouteMatch> match = new RouteTable(targets).match(request.method(), routePath);
        if (match.isEmpty() || match.get().target().isEmpty()) {
            return HttpReply.notFound();
        }
        if (request.body().length > MAX_REQUEST_BYTES) {
            return HttpReply.message(413, "Request Entity Too Large");
        }
        Integration integration = deployed.integrations().get(match.get().target());
        if (integration == null) {
            return HttpReply.internalServerError();
        }

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        request.headers().forEach((name, values) -> values.forEach(value -> headers.add(Map.entry(name, value))));
        AwsRequest.Connection connection = request.connection();
        IncomingRequest incoming = new IncomingRequest(request.method(), rawPath, request.query(), headers, request.body(),
                connection.protocol(), connection.remoteAddress(), connection.localPort(), requestId,
                System.currentTimeMillis(), IncomingRequest.newTraceId());
        ApiContext context = new ApiContext(service.accountId(), apiId, deployed.stageName());
        boolean v1 = "1.0".equals(integration.payloadFormatVersion);
        ObjectNode event = v1 ? PayloadFormatV1.event(incoming, match.get(), context)
                : PayloadFormatV2.event(incoming, match.get(), context);
        byte[] payload = event.toString().getBytes(StandardCharsets.UTF_8);
        if (payload.length > MAX_EVENT_BYTES) {
            return HttpReply.message(413, "Request Entity Too Large");
        }
        String sourceArn = sourceArn(apiId, deployed.stageName(), request.method(), match.get().routeKey());
        Optional<InvokeResult> result = invoke(integration, payload, sourceArn);
        if (result == null) {
            return HttpReply.serviceUnavailable();
        }
        if (result.isEmpty() || !result.get().succeeded()) {
            return HttpReply.internalServerError();
        }
        String answer = new String(result.get().payload(), StandardCharsets.UTF_8);
        return v1 ? PayloadFormatV1.response(answer) : PayloadFormatV2.response(answer);
    }

    /**
     * The ARN a function's resource policy is checked against: {@code arn:aws:execute-api:<region>:<account>:<apiId>/
     * <stage>/<METHOD>/<route path>}, or {@code .../<stage>/$default} for the {@code $default} route; what a
     * permission's {@code SourceArn} such as {@code <execution ARN>/*}{@code /*} matches.
     *
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html">execute-api ARNs</a>
     */
    String sourceArn(String apiId, String stage, String method, String routeKey) {
        String prefix = "arn:aws:execute-api:" + service.region() + ":" + service.accountId() + ":" + apiId + "/" + stage + "/";
        if (routeKey.equals(RouteTable.DEFAULT_ROUTE)) {
            return prefix + RouteTable.DEFAULT_ROUTE;
        }
        String path = routeKey.substring(routeKey.indexOf(' ') + 1);
        return prefix + method + path;
    }

    /**
     * Invokes within the integration's timeout: the result, empty when the function cannot be invoked, {@code null}
     * when it did not answer in time.
     */
    private Optional<InvokeResult> invoke(Integration integration, byte[] payload, String sourceArn) {
        LambdaInvoker lambda = invoker.get();
        if (lambda == null) {
            LOG.warn("execute-api: no Lambda is wired to the edge; {} cannot be invoked", integration.integrationUri);
            return Optional.empty();
        }
        String function = ApiGatewayService.functionOf(integration.integrationUri);
        Future<InvokeResult> call = invocations.submit(() -> lambda.invokeFor(function, payload, SERVICE_PRINCIPAL, sourceArn));
        try {
            return Optional.of(call.get(integration.timeoutInMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException slow) {
            call.cancel(true);
            return null;
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof LambdaInvoker.PermissionDeniedException denied) {
                LOG.info("execute-api: API Gateway may not invoke {}: {}", function, denied.getMessage());
            } else {
                LOG.warn("execute-api: invoking {} failed", function, failed.getCause());
            }
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return Optional.empty();
        }
    }

    private static AwsResponse toResponse(HttpReply reply, String requestId, String method) {
        String contentType = null;
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> header : reply.sendableHeaders()) {
            if (header.getKey().equalsIgnoreCase("content-type") && contentType == null) {
                contentType = header.getValue();
            } else {
                headers.add(header);
            }
        }
        boolean noBody = method.equals("HEAD") || reply.status() == 204 || reply.status() == 304;
        return new AwsResponse(reply.status(), contentType == null ? "application/json" : contentType,
                Map.of(REQUEST_ID_HEADER, requestId), noBody ? new byte[0] : reply.body(), List.copyOf(headers));
    }
}
