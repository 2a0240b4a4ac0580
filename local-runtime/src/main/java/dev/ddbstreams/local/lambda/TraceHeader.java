package dev.ddbstreams.local.lambda;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * X-Ray trace headers for invocations. Every invocation gets a fresh, well-formed, UNSAMPLED header: the
 * X-Ray SDK behind Powertools {@code @Tracing} then finds a segment to attach to (no "context missing"
 * errors) and, since nothing is sampled, sends nothing to a daemon that is not there.
 *
 * @see <a href="https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader">X-Ray tracing header</a>
 */
final class TraceHeader {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private TraceHeader() {
    }

    /** {@code Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16 hex>;Sampled=0}. */
    static String unsampled() {
        long epochSeconds = System.currentTimeMillis() / 1000;
        return "Root=1-" + String.format("%08x", epochSeconds) + "-" + randomHex(12)
                + ";Parent=" + randomHex(8) + ";Sampled=0";
    }

    private static String randomHex(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HEX.formatHex(buffer);
    }
}
