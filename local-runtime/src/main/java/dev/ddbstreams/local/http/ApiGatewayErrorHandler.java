package dev.ddbstreams.local.http;

import dev.ddbstreams.endpoint.apigateway.HttpReply;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers what the HTTP server refuses before the API's handler runs (a malformed request line or
 * percent-encoding, broken framing, oversized headers, an unknown HTTP version) the way API Gateway answers
 * its own errors: a JSON object with a {@code message}, {@code Content-Type: application/json} and an
 * {@code Apigw-Requestid} header, never an HTML page.
 *
 * <p>The client is at fault in every such case, so a status Jetty would send as a 5xx (505 HTTP Version
 * Not Supported, 501 for an unknown transfer coding) is sent as 400 Bad Request: API Gateway answers a
 * request it cannot parse with a 4xx, and the HTTP API's contract is that only the integration can cause a 5xx.
 * AWS does not document the status for each framing error; the body shape is the one of its other errors
 * ({@code {"message":"Not Found"}}, {@code {"message":"Too Many Requests"}}).
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html">Troubleshooting HTTP API Lambda integrations (API Gateway's JSON error bodies)</a>
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html">HTTP API quotas</a>
 */
final class ApiGatewayErrorHandler extends ErrorHandler {

    /** Jetty's answers come here only for requests our handler never saw, so none has an id yet. */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpReply reply = HttpReply.message(clientStatus(response.getStatus()), message(clientStatus(response.getStatus())));
        response.setStatus(reply.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        headers.put(HttpApiServer.REQUEST_ID_HEADER, HttpApiServer.newRequestId());
        headers.remove(HttpHeader.CACHE_CONTROL); // Jetty's must-revalidate: API Gateway sends none
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    /** A status for the client's mistake: 4xx as Jetty chose it, anything else 400. */
    static int clientStatus(int status) {
        return status >= 400 && status < 500 ? status : HttpStatus.BAD_REQUEST_400;
    }

    /** API Gateway's wording: the reason phrase, with 413 as API Gateway words it. */
    static String message(int status) {
        return switch (status) {
            case 413 -> "Request Entity Too Large";
            case 414 -> "Request-URI Too Long";
            default -> HttpStatus.getMessage(status);
        };
    }
}
