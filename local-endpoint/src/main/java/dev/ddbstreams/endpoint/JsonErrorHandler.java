package dev.ddbstreams.endpoint;

import dev.ddbstreams.endpoint.routing.ServiceResolver;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Answers what Jetty refuses before the edge's handler runs (a malformed request line, bad framing, an illegal URI)
 * with a JSON error instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 400;
        String body = "{\"__type\":\"" + (status >= 500 ? "InternalFailure" : "BadRequest")
                + "\",\"message\":\"The request could not be parsed as HTTP (status " + status + ").\"}";
        if (isExecuteApi(request)) {
            // An HTTP API's client gets API Gateway's own error shape, and a 4xx: the request was the client's fault.
            status = status < 500 ? status : 400;
            body = "{\"message\":\"" + (status == 400 ? "Bad Request" : HttpStatus.getMessage(status)) + "\"}";
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private static boolean isExecuteApi(Request request) {
        try {
            String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
            String host = request.getHeaders().get(HttpHeader.HOST);
            return (path != null && path.startsWith(ServiceResolver.EXECUTE_API_PATH))
                    || (host != null && ServiceResolver.executeApiHost(host).isPresent());
        } catch (RuntimeException unparsable) {
            return false;
        }
    }
}
