package dev.ddbstreams.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

/**
 * Libraries that log through Commons Logging (the X-Ray SDK, the SDK v1 core under it) obey the functions'
 * log4j2.xml: warnings and errors only. Unbridged, Commons Logging falls back to java.util.logging and every cold
 * start prints their INFO lines ("Overriding contextMissingStrategy...", "JAXB is unavailable...").
 */
class LibraryLoggingTest {

    @Test
    void commonsLogging_isBridgedToSlf4j_andLog4jKeepsOnlyWarningsAndErrors() {
        Log xray = LogFactory.getLog("com.amazonaws.xray.AWSXRayRecorder");
        Log sdkV1 = LogFactory.getLog("com.amazonaws.util.Base64");

        assertEquals("org.apache.commons.logging.impl.SLF4JLocationAwareLog", xray.getClass().getName());
        assertFalse(xray.isInfoEnabled(), "X-Ray's start-up INFO lines are not printed");
        assertFalse(sdkV1.isInfoEnabled(), "the SDK v1's JAXB INFO line is not printed");
        assertTrue(xray.isWarnEnabled(), "warnings still are");
        assertTrue(xray.isErrorEnabled(), "errors still are");
    }
}
