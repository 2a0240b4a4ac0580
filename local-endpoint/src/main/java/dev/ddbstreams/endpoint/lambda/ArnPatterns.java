package dev.ddbstreams.endpoint.lambda;

import java.util.regex.Pattern;

/**
 * IAM's {@code ArnLike} / {@code StringLike} matching: {@code *} any run of characters, {@code ?} one character, the
 * rest literal and case-sensitive.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN">ARN condition operators</a>
 */
final class ArnPatterns {
    private ArnPatterns() {
    }

    static boolean like(String pattern, String value) {
        if (pattern == null || value == null) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }
}
