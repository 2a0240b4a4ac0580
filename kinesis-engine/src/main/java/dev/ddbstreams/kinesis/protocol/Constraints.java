package dev.ddbstreams.kinesis.protocol;

import dev.ddbstreams.kinesis.errors.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks members against the constraints of Kinesis's API model (lengths, patterns, ranges, enums) and reports every
 * violation in one ValidationException, worded as AWS words it: {@code 2 validation errors detected: Value 'x' at
 * 'streamName' failed to satisfy constraint: Member must ...; ...}. Blob and list values are not echoed
 * ({@code Value at 'records.1.member.data' ...}), as moto's tests recorded against AWS show.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html">ValidationException</a>
 */
final class Constraints {

    static final String NAME_PATTERN = "[a-zA-Z0-9_.-]+";
    static final String HASH_KEY_PATTERN = "0|([1-9]\\d{0,38})";
    static final String SEQUENCE_NUMBER_PATTERN = "0|([1-9]\\d{0,128})";
    static final String STREAM_ARN_PATTERN = "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+";

    private final List<String> errors = new ArrayList<>();

    Constraints required(String member, Object value) {
        if (value == null) {
            errors.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
        return this;
    }

    Constraints length(String member, String value, int min, int max) {
        if (value != null) {
            int length = value.codePointCount(0, value.length());
            if (length < min) {
                fail(member, value, "Member must have length greater than or equal to " + min);
            } else if (length > max) {
                fail(member, value, "Member must have length less than or equal to " + max);
            }
        }
        return this;
    }

    Constraints pattern(String member, String value, String regex) {
        if (value != null && !value.isEmpty() && !Pattern.matches(regex, value)) {
            fail(member, value, "Member must satisfy regular expression pattern: " + regex);
        }
        return this;
    }

    /** Name-like members: length bounds and the pattern. */
    Constraints name(String member, String value, int max) {
        return length(member, value, 1, max).pattern(member, value, NAME_PATTERN);
    }

    Constraints range(String member, Integer value, long min, long max) {
        if (value != null) {
            if (value < min) {
                fail(member, value.toString(), "Member must have value greater than or equal to " + min);
            } else if (value > max) {
                fail(member, value.toString(), "Member must have value less than or equal to " + max);
            }
        }
        return this;
    }

    Constraints oneOf(String member, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            fail(member, value, "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
        }
        return this;
    }

    Constraints blobLength(String member, byte[] value, int max) {
        if (value != null && value.length > max) {
            errors.add("Value at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        return this;
    }

    /** A blob whose counted size ({@code size}, e.g. data plus partition key) may not pass {@code max}. */
    Constraints blobSize(String member, Long size, long max) {
        if (size != null && size > max) {
            errors.add("Value at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        return this;
    }

    Constraints listLength(String member, List<?> value, int min, int max) {
        if (value != null) {
            if (value.size() < min) {
                errors.add("Value at '" + member + "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
            } else if (value.size() > max) {
                errors.add("Value at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
            }
        }
        return this;
    }

    /** Throws the ValidationException listing every violation found, if any. */
    void check() {
        if (!errors.isEmpty()) {
            int count = errors.size();
            throw new ValidationException(count + " validation error" + (count > 1 ? "s" : "") + " detected: "
                    + String.join("; ", errors));
        }
    }

    private void fail(String member, String value, String rule) {
        errors.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + rule);
    }
}
