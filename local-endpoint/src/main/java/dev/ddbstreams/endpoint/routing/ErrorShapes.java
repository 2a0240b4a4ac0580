package dev.ddbstreams.endpoint.routing;

import dev.ddbstreams.endpoint.protocol.AwsResponse;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;
import dev.ddbstreams.endpoint.protocol.CborProtocol;
import dev.ddbstreams.endpoint.protocol.JsonProtocol;
import dev.ddbstreams.endpoint.protocol.QueryProtocol;

import java.util.HashMap;
import java.util.Map;

/**
 * Writes an edge-level error (unknown service, unreachable backend, malformed request) in the shape of the protocol the
 * request speaks, so that every client parses it as that service's error: JSON {@code __type}/{@code message} for the
 * JSON protocols, {@code <ErrorResponse>} XML for the query protocol, CBOR for Smithy RPC v2.
 *
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html#operation-error-serialization">JSON error serialization</a>
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization">query error serialization</a>
 */
final class ErrorShapes {
    private static final String QUERY_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

    private ErrorShapes() {
    }

    static AwsResponse render(AwsService.Protocol protocol, AwsServiceException error, String requestId, String jsonContentType) {
        return switch (protocol) {
            case QUERY -> QueryProtocol.error(error, QUERY_NAMESPACE, requestId);
            case RPC_V2_CBOR -> CborProtocol.error(error, requestId);
            case AWS_JSON -> jsonContentType.startsWith("application/x-amz-cbor")
                    ? CborProtocol.awsCborError(error, jsonContentType, requestId)
                    : JsonProtocol.error(error, jsonContentType, requestId);
            case REST_JSON -> JsonProtocol.error(error, "application/json", requestId);
        };
    }

    /**
     * An edge-level error for an HTTP API's client, in API Gateway's own shape: {@code {"message":"Bad Request"}},
     * the status's reason phrase as the message.
     *
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html">HTTP API error bodies</a>
     */
    static AwsResponse executeApi(int status) {
        String message = switch (status) {
            case 413 -> "Request Entity Too Large";
            case 500 -> "Internal Server Error";
            default -> org.eclipse.jetty.http.HttpStatus.getMessage(status);
        };
        return new AwsResponse(status, "application/json", java.util.Map.of(),
                ("{\"message\":\"" + message + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A service's own error: as {@link #render(AwsService.Protocol, AwsServiceException, String, String)}, except that SQS
     * spoken in JSON (an {@code awsQueryCompatible} service) also carries {@code x-amzn-query-error: <code>;Sender}, from
     * which the SDKs take the query-protocol code ({@code AccessDenied}), and names the type as AWS does
     * ({@code com.amazon.coral.service#AccessDeniedException}).
     *
     * @see <a href="https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#aws-protocols-awsquerycompatible-trait">awsQueryCompatible</a>
     */
    static AwsResponse render(AwsService service, AwsService.Protocol protocol, AwsServiceException error, String requestId,
                              String jsonContentType) {
        if (service == AwsService.SQS && protocol == AwsService.Protocol.AWS_JSON) {
            String type = "com.amazon.coral.service#" + (error.code().endsWith("Exception") ? error.code() : error.code() + "Exception");
            AwsResponse plain = JsonProtocol.error(new AwsServiceException(type, error.status(), error.getMessage(), error.sender()),
                    jsonContentType, requestId);
            Map<String, String> headers = new HashMap<>(plain.headers());
            headers.put("x-amzn-query-error", error.code() + ";" + (error.sender() ? "Sender" : "Receiver"));
            return new AwsResponse(plain.status(), plain.contentType(), Map.copyOf(headers), plain.body());
        }
        if (service == AwsService.SQS && protocol == AwsService.Protocol.QUERY) {
            return QueryProtocol.error(error, "http://queue.amazonaws.com/doc/2012-11-05/", requestId);
        }
        return render(protocol, error, requestId, jsonContentType);
    }

    /** An operation or service the edge does not serve: {@code InvalidAction} for query, {@code UnknownOperationException} otherwise. */
    static AwsServiceException unsupported(AwsService.Protocol protocol, String message) {
        return switch (protocol) {
            case QUERY -> new AwsServiceException("InvalidAction", 400, message);
            case REST_JSON, RPC_V2_CBOR -> new AwsServiceException("UnknownOperationException", 404, message);
            case AWS_JSON -> new AwsServiceException("UnknownOperationException", 400, message);
        };
    }
}
