package dev.ddbstreams.endpoint.lambda;

/**
 * Invokes a function on behalf of another AWS service (API Gateway's AWS_PROXY integration), the way that service
 * calls Lambda: the function's resource-based policy must allow the calling service principal for {@code sourceArn},
 * or the call is refused as AWS refuses it.
 */
public interface LambdaInvoker {

    /**
     * @param functionArnOrName   the integration's target (function ARN, optionally qualified, or name)
     * @param payload             the event JSON
     * @param servicePrincipal    e.g. {@code apigateway.amazonaws.com}
     * @param sourceArn           e.g. {@code arn:aws:execute-api:us-east-1:000000000000:abc123/$default/GET/notes}
     * @throws PermissionDeniedException when the function does not exist or its policy does not allow the caller
     */
    InvokeResult invokeFor(String functionArnOrName, byte[] payload, String servicePrincipal, String sourceArn);

    /** The function is missing, or its resource-based policy does not allow the calling service for this source. */
    final class PermissionDeniedException extends RuntimeException {
        public PermissionDeniedException(String message) {
            super(message, null, false, false);
        }
    }
}
