package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FunctionProcessLauncherTest {

    private static final Path LIBS = Path.of("/opt/lambda-runtime");
    private static final Path JNI = Path.of("/work/libaws-lambda-jni.so");
    private static final Path JAR = Path.of("/repo/notes-api/target/notes-api.jar");

    private final FunctionProcessLauncher launcher = new FunctionProcessLauncher(new FunctionProcessLauncher.Settings(
            "/usr/bin/java", LIBS, JNI, "eu-west-1", "000000000000", "local", "local", "local",
            List.of(), List.of("-Dextra=1")));

    private final LocalFunction function = new LocalFunction("notes-api",
            "dev.ddbstreams.notes.NotesApiHandler::handleRequest", JAR, 512, Duration.ofSeconds(10),
            Map.of("NOTES_TABLE", "notes", "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000",
                    "AWS_REGION", "us-west-2", "AWS_LAMBDA_FUNCTION_NAME", "impostor"), 1);

    @Test
    void command_runsTheRuntimeInterfaceClient_withTheHandler_onTheFunctionJarAndRuntimeLibraries() {
        List<String> command = launcher.command(function, List.of("-XX:SharedArchiveFile=/cds/a.jsa"));

        assertEquals("/usr/bin/java", command.get(0));
        assertEquals("com.amazonaws.services.lambda.runtime.api.client.AWSLambda", command.get(command.size() - 2));
        assertEquals("dev.ddbstreams.notes.NotesApiHandler::handleRequest", command.get(command.size() - 1));
        int classPath = command.indexOf("-cp");
        assertEquals(JAR + File.pathSeparator + LIBS + File.separator + "*", command.get(classPath + 1));
        assertTrue(command.contains(
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + JNI));
        assertTrue(command.indexOf("-Dextra=1") < classPath);
        assertTrue(command.indexOf("-XX:SharedArchiveFile=/cds/a.jsa") < classPath);
    }

    @Test
    void command_sizesTheHeapFromTheFunctionMemory_andStartsFast() {
        List<String> command = launcher.command(function, List.of());

        assertTrue(command.contains("-Xmx435m"), command.toString()); // 85% of 512 MB, as Lambda's Java runtime
        assertTrue(command.contains("-XX:+UseSerialGC"));
        assertTrue(command.contains("-XX:TieredStopAtLevel=1"));
        assertTrue(command.contains("-Xshare:auto"));
    }

    @Test
    void environment_holdsLambdasVariablesAndTheFunctionsOwn_andNothingElseOfThisProcess() {
        Map<String, String> environment = launcher.environment(function, "127.0.0.1:41234", Path.of("/work/fn-0-1"));

        assertEquals("127.0.0.1:41234", environment.get("AWS_LAMBDA_RUNTIME_API"));
        assertEquals("dev.ddbstreams.notes.NotesApiHandler::handleRequest", environment.get("_HANDLER"));
        assertEquals("512", environment.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        assertEquals("$LATEST", environment.get("AWS_LAMBDA_FUNCTION_VERSION"));
        assertEquals("/aws/lambda/notes-api", environment.get("AWS_LAMBDA_LOG_GROUP_NAME"));
        assertTrue(environment.get("AWS_LAMBDA_LOG_STREAM_NAME").matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}"));
        assertEquals("eu-west-1", environment.get("AWS_DEFAULT_REGION"));
        assertEquals("/work/fn-0-1", environment.get("LAMBDA_TASK_ROOT"));
        assertEquals("AWS_Lambda_java21", environment.get("AWS_EXECUTION_ENV"));
        assertEquals(":UTC", environment.get("TZ"));
        assertEquals("local", environment.get("AWS_ACCESS_KEY_ID"));
        assertEquals("local", environment.get("AWS_SECRET_ACCESS_KEY"));
        assertEquals("local", environment.get("AWS_SESSION_TOKEN"));
        assertEquals("notes", environment.get("NOTES_TABLE"));
        assertEquals("http://127.0.0.1:8000", environment.get("AWS_ENDPOINT_URL_DYNAMODB"));

        Set<String> allowed = new TreeSet<>(Set.of("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "USER",
                "TZ", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_XRAY_CONTEXT_MISSING",
                "AWS_LAMBDA_RUNTIME_API", "_HANDLER", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
                "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV",
                "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"));
        allowed.addAll(function.environment().keySet());
        Set<String> unexpected = new TreeSet<>(environment.keySet());
        unexpected.removeAll(allowed);
        assertEquals(Set.of(), unexpected);
    }

    @Test
    void environment_keepsLambdasReservedVariables_whenTheFunctionDeclaresThemToo() {
        Map<String, String> environment = launcher.environment(function, "127.0.0.1:1", Path.of("/w"));

        assertEquals("eu-west-1", environment.get("AWS_REGION"));
        assertEquals("notes-api", environment.get("AWS_LAMBDA_FUNCTION_NAME"));
    }

    @Test
    void functionArn_isLambdasArnFormat() {
        assertEquals("arn:aws:lambda:eu-west-1:000000000000:function:notes-api",
                FunctionProcessLauncher.functionArn("eu-west-1", "000000000000", "notes-api"));
    }
}
