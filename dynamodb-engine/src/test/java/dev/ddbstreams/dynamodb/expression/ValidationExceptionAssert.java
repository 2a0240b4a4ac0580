package dev.ddbstreams.dynamodb.expression;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.errors.ValidationException;
import org.junit.jupiter.api.function.Executable;

/** Assertions on the start of a ValidationException's message, for lists of inputs that fail alike. */
final class ValidationExceptionAssert {

    private ValidationExceptionAssert() {
    }

    static void startsWith(String prefix, Executable call) {
        ValidationException error = assertThrows(ValidationException.class, call);
        assertTrue(error.getMessage().startsWith(prefix), () -> "message was: " + error.getMessage());
    }
}
