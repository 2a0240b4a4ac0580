package dev.ddbstreams.http;

import dev.ddbstreams.lambda.StructuredLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The fault barrier around a {@link Router}: client mistakes are already 4xx values by the time they get
 * here; whatever still throws is a server fault and becomes a JSON 503 (DynamoDB throttled, unavailable or
 * unreachable: retrying later can succeed) or 500 (anything else), never a stack trace. The fault is logged
 * with its type and AWS request id; the client sees only the request id to quote.
 *
 * <p>Rejections (4xx) are logged at INFO with their code, never with the body (it may hold e-mail
 * addresses). Successful requests are left to API Gateway's access logs.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">DynamoDB errors and retries</a>
 */
public final class HttpApi {

    private final Router router;
    private final StructuredLog log;

    public HttpApi(Router router, StructuredLog log) {
        this.router = Objects.requireNonNull(router, "router");
        this.log = Objects.requireNonNull(log, "log");
    }

    public HttpResponse handle(HttpRequest request) {
        HttpResponse response;
        try {
            response = router.dispatch(request);
        } catch (RuntimeException fault) {
            return fault(request, fault);
        }
        if (response.status() >= 400) {
            Map<String, Object> fields = requestFields(request);
            fields.put("status", response.status());
            fields.put("error", errorCode(response));
            log.info("request rejected", fields);
        }
        return response;
    }

    private HttpResponse fault(HttpRequest request, RuntimeException fault) {
        boolean transientFault = isTransient(fault);
        Map<String, Object> fields = requestFields(request);
        fields.put("errorType", fault.getClass().getName());
        fields.put("errorMessage", String.valueOf(fault.getMessage()));
        if (fault instanceof AwsServiceException service) {
            fields.put("awsErrorCode", service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode());
            fields.put("awsRequestId", service.requestId());
        }
        fields.put("status", transientFault ? 503 : 500);
        log.error(transientFault ? "dependency unavailable" : "request failed", fields);

        String quote = request.requestId().isEmpty() ? "" : " Request id: " + request.requestId() + ".";
        if (transientFault) {
            return ApiError.of(ErrorCode.SERVICE_UNAVAILABLE, "The service is temporarily unavailable; retry later."
                    + quote).toResponse().withHeader("Retry-After", "1");
        }
        return ApiError.of(ErrorCode.INTERNAL_ERROR, "The request could not be completed." + quote).toResponse();
    }

    /** Throttling, a 5xx from the service, a timeout or an I/O failure: the same request may succeed later. */
    static boolean isTransient(Throwable fault) {
        if (fault instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        if (fault instanceof ApiCallTimeoutException || fault instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        if (fault instanceof SdkClientException || fault instanceof UncheckedIOException) {
            for (Throwable cause = fault; cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The {@code error} member of an error body; our error bodies are tiny, reading one back is cheap. */
    private static String errorCode(HttpResponse response) {
        if (response.body() == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(response.body()).path("error").asText(null);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static Map<String, Object> requestFields(HttpRequest request) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("requestId", request.requestId());
        fields.put("method", request.method().length() > 20 ? request.method().substring(0, 20) : request.method());
        fields.put("path", request.path().length() > 200 ? request.path().substring(0, 200) : request.path());
        return fields;
    }
}
