package dev.ddbstreams.endpoint.lambda;

import java.nio.charset.StandardCharsets;

/**
 * The outcome of one invocation as Lambda's Invoke reports it.
 *
 * @param payload       the function's response, or on a function error the error object
 *                      ({@code {"errorMessage":..,"errorType":..,"stackTrace":[..]}})
 * @param functionError {@code null} on success, else {@code Unhandled} (what {@code X-Amz-Function-Error} carries)
 * @param logTail       the end of the invocation's execution log ({@code START}, the function's lines, {@code END},
 *                       {@code REPORT}, each line ended by a newline), at least its last 4 KB, for
 *                       {@code LogType: Tail}; empty when the host has none (e.g. the function never started)
 * @param requestId     the request id the function saw ({@code context.getAwsRequestId()}, the {@code START} line's),
 *                      which Invoke answers as {@code x-amzn-RequestId}; {@code null} when the host ran nothing
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html">Invoke</a>
 */
public record InvokeResult(byte[] payload, String functionError, String logTail, String requestId) {

    public InvokeResult {
        logTail = logTail == null ? "" : logTail;
    }

    public InvokeResult(byte[] payload, String functionError, String logTail) {
        this(payload, functionError, logTail, null);
    }

    public boolean succeeded() {
        return functionError == null;
    }

    public static InvokeResult success(byte[] payload) {
        return new InvokeResult(payload, null, "");
    }

    /** The same outcome with the invocation's execution log. */
    public InvokeResult withLogTail(String tail) {
        return new InvokeResult(payload, functionError, tail, requestId);
    }

    /** The same outcome with the request id the function ran under. */
    public InvokeResult withRequestId(String id) {
        return new InvokeResult(payload, functionError, logTail, id);
    }

    /** A function error with Lambda's error object as payload. */
    public static InvokeResult error(String errorType, String errorMessage) {
        String json = "{\"errorMessage\":" + quote(errorMessage) + ",\"errorType\":" + quote(errorType) + "}";
        return new InvokeResult(json.getBytes(StandardCharsets.UTF_8), "Unhandled", "");
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : (text == null ? "" : text).toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
