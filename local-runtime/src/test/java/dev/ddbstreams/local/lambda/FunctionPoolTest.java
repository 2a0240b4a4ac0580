package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.lambda.FunctionInstance.Result;
import dev.ddbstreams.local.lambda.Invocation.Outcome;
import org.junit.jupiter.api.Test;

class FunctionPoolTest {

    @Test
    void isHandlerFault_recognisesTheRuntimeInterfaceClientsDeferredHandlerErrors() {
        assertTrue(FunctionPool.isHandlerFault(functionError("java.lang.ClassNotFoundException",
                "Class not found: com.example.Missing")));
        assertTrue(FunctionPool.isHandlerFault(functionError("Runtime.BadFunctionCode",
                "No public method named nope with appropriate method signature found on class com.example.Handler")));
        assertTrue(FunctionPool.isHandlerFault(functionError("Runtime.BadFunctionCode", "Invalid handler: `X::'")));
    }

    @Test
    void isHandlerFault_leavesTheFunctionsOwnErrorsAlone() {
        // A handler that itself fails to load a class reports the class name only, without the RIC's prefix.
        assertFalse(FunctionPool.isHandlerFault(functionError("java.lang.ClassNotFoundException", "com.example.Plugin")));
        assertFalse(FunctionPool.isHandlerFault(functionError("java.lang.IllegalStateException", "Class not found: x")));
        assertFalse(FunctionPool.isHandlerFault(new Result(Outcome.TIMEOUT, null, "Runtime.BadFunctionCode", "x")));
        assertFalse(FunctionPool.isHandlerFault(new Result(Outcome.SUCCESS, "{}", null, null)));
    }

    private static Result functionError(String type, String message) {
        return new Result(Outcome.FUNCTION_ERROR, null, type, message);
    }
}
