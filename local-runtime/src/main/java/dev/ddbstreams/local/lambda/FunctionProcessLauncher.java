package dev.ddbstreams.local.lambda;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Starts one function JVM the way Lambda's Java runtime does: the Runtime Interface Client as main class, the
 * handler as argument, the function's jar and the runtime's libraries on the class path, the environment
 * variables Lambda sets (and nothing else from this process), in an empty working directory.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime">Defined runtime environment variables</a>
 */
final class FunctionProcessLauncher {

    /** Variables of this process a function may see: what any program needs to run, nothing of the user's. */
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "USER");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Settings settings;

    FunctionProcessLauncher(Settings settings) {
        this.settings = settings;
    }

    /**
     * What a launch needs besides the function.
     *
     * @param javaExecutable   the {@code java} to run (the one running this JVM)
     * @param runtimeLibraries the directory with the RIC, aws-lambda-java-core and aws-lambda-java-serialization
     * @param jniLibrary       the RIC's native library, extracted once
     * @param extraClassPath   appended after the runtime libraries (normally empty)
     * @param extraJvmOptions  added before the main class (e.g. AppCDS options)
     * @param launchVariables  variables computed again at each process start, by function name, set after the
     *                         function's own: its execution role's session credentials when IAM is enforced
     */
    record Settings(String javaExecutable, Path runtimeLibraries, Path jniLibrary, String region, String accountId,
            String accessKeyId, String secretAccessKey, String sessionToken, List<Path> extraClassPath,
            List<String> extraJvmOptions, Function<String, Map<String, String>> launchVariables) {

        Settings {
            extraClassPath = List.copyOf(extraClassPath);
            extraJvmOptions = List.copyOf(extraJvmOptions);
            launchVariables = launchVariables == null ? name -> Map.of() : launchVariables;
        }

        Settings(String javaExecutable, Path runtimeLibraries, Path jniLibrary, String region, String accountId,
                String accessKeyId, String secretAccessKey, String sessionToken, List<Path> extraClassPath,
                List<String> extraJvmOptions) {
            this(javaExecutable, runtimeLibraries, jniLibrary, region, accountId, accessKeyId, secretAccessKey,
                    sessionToken, extraClassPath, extraJvmOptions, null);
        }
    }

    static String functionArn(String region, String accountId, String functionName) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
    }

    /**
     * @param logStreamName {@code AWS_LAMBDA_LOG_STREAM_NAME}: the stream this environment's output goes to, or
     *                      {@code null} for a fresh name of Lambda's form
     */
    Process launch(LocalFunction function, String runtimeApiAddress, Path workingDirectory, List<String> jvmOptions,
            String logStreamName) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(function, jvmOptions))
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(environment(function, runtimeApiAddress, workingDirectory, logStreamName));
        return builder.start();
    }

    /** The command line; {@code jvmOptions} are per-launch options such as AppCDS archive settings. */
    List<String> command(LocalFunction function, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(settings.javaExecutable());
        // Lambda's Java runtime gives the heap about 85% of the function's memory and runs the serial GC.
        command.add("-Xmx" + Math.max(64, function.memoryMb() * 85 / 100) + "m");
        command.add("-XX:+UseSerialGC");
        // C1 only and class data sharing: measured here, launch to first response 1.06 s -> 0.89 s.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        // No hsperfdata file per JVM in /tmp; nobody attaches jstat to a function.
        command.add("-XX:-UsePerfData");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-D" + RuntimeInterfaceClient.JNI_PROPERTY + "=" + settings.jniLibrary());
        command.addAll(settings.extraJvmOptions());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath(function));
        command.add(RuntimeInterfaceClient.MAIN_CLASS);
        command.add(function.handler());
        return command;
    }

    String classPath(LocalFunction function) {
        List<String> entries = new ArrayList<>();
        entries.add(function.jar().toAbsolutePath().toString());
        function.libraries().forEach(library -> entries.add(library.toAbsolutePath().toString()));
        entries.add(settings.runtimeLibraries().toAbsolutePath() + File.separator + "*");
        settings.extraClassPath().forEach(path -> entries.add(path.toAbsolutePath().toString()));
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Lambda's variables, then the function's own; Lambda's reserved runtime variables cannot be overridden
     * by the function's (Lambda rejects such a configuration), credentials and {@code TZ} can.
     */
    Map<String, String> environment(LocalFunction function, String runtimeApiAddress, Path workingDirectory) {
        return environment(function, runtimeApiAddress, workingDirectory, null);
    }

    Map<String, String> environment(LocalFunction function, String runtimeApiAddress, Path workingDirectory,
            String logStreamName) {
        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, String> parent = System.getenv();
        INHERITED.forEach(name -> {
            if (parent.containsKey(name)) {
                environment.put(name, parent.get(name));
            }
        });
        environment.put("TZ", ":UTC");
        environment.put("AWS_ACCESS_KEY_ID", settings.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", settings.secretAccessKey());
        environment.put("AWS_SESSION_TOKEN", settings.sessionToken());
        environment.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        environment.putAll(function.environment());
        // Minted for this process: a role session lasts at most 12 hours, a warm process far less than a runtime.
        environment.putAll(settings.launchVariables().apply(function.qualifiedName()));

        environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApiAddress);
        environment.put("_HANDLER", function.handler());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", function.version());
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", function.logGroup());
        if (function.logging().json()) {
            // What the Java Runtime Interface Client reads to write LambdaLogger output as JSON and filter it by level
            // (its LambdaEnvironment: unset means TEXT and no filtering, as for a function logging in Text).
            // https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html (advanced logging controls with Java)
            environment.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            environment.put("AWS_LAMBDA_LOG_LEVEL", function.logging().applicationLogLevel());
        }
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName == null ? logStreamName(function.version()) : logStreamName);
        environment.put("AWS_REGION", settings.region());
        environment.put("AWS_DEFAULT_REGION", settings.region());
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        environment.put("LAMBDA_TASK_ROOT", workingDirectory.toAbsolutePath().toString());
        environment.put("LAMBDA_RUNTIME_DIR", settings.runtimeLibraries().toAbsolutePath().toString());
        return environment;
    }

    /** {@code 2024/05/01/[$LATEST]<32 hex>} ({@code [1]} for version 1), Lambda's log stream name for an execution environment. */
    private static String logStreamName(String version) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                + "/[" + version + "]" + HexFormat.of().formatHex(id);
    }
}
