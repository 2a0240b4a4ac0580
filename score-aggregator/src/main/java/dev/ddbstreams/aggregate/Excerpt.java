package dev.ddbstreams.aggregate;

/** Quotes untrusted input for error messages and logs, bounded so a hostile value cannot flood them. */
final class Excerpt {

    private static final int MAX_CHARS = 64;

    private Excerpt() {
    }

    static String of(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() <= MAX_CHARS ? value
                : value.substring(0, MAX_CHARS) + "...(" + value.length() + " chars)";
        return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + '"';
    }
}
