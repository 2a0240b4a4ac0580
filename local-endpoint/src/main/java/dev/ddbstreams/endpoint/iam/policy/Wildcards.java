package dev.ddbstreams.endpoint.iam.policy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The wildcard rules of IAM's Action and Resource elements.
 */
final class Wildcards {
    private Wildcards() {
    }

    /**
     * Action names are case-insensitive ({@code dynamodb:getitem} is {@code dynamodb:GetItem}); {@code *} matches any
     * run of characters, {@code ?} any one character.
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html">IAM JSON policy elements: Action</a>
     */
    static boolean actionMatches(String pattern, String action) {
        return compile(pattern.toLowerCase(Locale.ROOT), false).matcher(action.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * A resource pattern against an ARN, case-sensitively. {@code *} alone matches every resource. Otherwise
     * {@code *} and {@code ?} stand for characters within one colon-separated segment of the ARN, except that a
     * {@code *} that is the last character of a segment "can expand to match beyond the colon boundaries".
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards">Using wildcards in resource ARNs</a>
     */
    static boolean resourceMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        return compile(pattern, true).matcher(arn).matches();
    }

    /**
     * Also used for the {@code StringLike} and {@code ArnLike} condition operators, which use the same wildcards.
     *
     * @param withinSegments whether a wildcard stays within a colon-separated segment (ARNs) or spans anything
     */
    static Pattern compile(String pattern, boolean withinSegments) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                boolean endsSegment = i + 1 == pattern.length() || pattern.charAt(i + 1) == ':';
                if (c == '*') {
                    regex.append(!withinSegments || endsSegment ? ".*" : "[^:]*");
                } else {
                    regex.append(withinSegments ? "[^:]" : ".");
                }
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
