package dev.ddbstreams.endpoint;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Answers what Jetty refuses before the edge's handler runs (a malformed request line, bad framing, an illegal URI)
 * with a JSON error instead of Jetty's HTML page. A request Jetty cannot speak (an unknown HTTP version, 505, or
 * transfer coding, 501) is the client's mistake: 400, as the HTTP API on :8080 answers the same requests.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int jettyStatus = response.getStatus();
        // 505 (an HTTP version Jetty does not speak) and 501 (a transfer coding it does not know) refuse the client's
        // request, not a failure of the edge; any other 5xx here would be the edge's own and stays one.
        int status = jettyStatus == 505 || jettyStatus == 501 ? 400 : jettyStatus >= 400 ? jettyStatus : 400;
        String body = "{\"__type\":\"" + (status >= 500 ? "InternalFailure" : "BadRequest")
                + "\",\"message\":\"The request could not be parsed as HTTP (status " + jettyStatus + ").\"}";
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
