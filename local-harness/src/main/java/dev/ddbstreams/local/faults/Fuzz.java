package dev.ddbstreams.local.faults;

import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code make fuzz}: the HTTP fuzzer against a fresh in-memory local runtime (its HTTP API unthrottled, see
 * {@link HttpFuzzer#repositoryWithoutThrottling}); prints the figures and exits 1 when the API broke a rule.
 *
 * <pre>
 * make fuzz                                  # 2,000 requests, the seed make test uses
 * make fuzz ARGS="--requests 10000 --seed 7"
 * </pre>
 */
public final class Fuzz {

    static final String USAGE = """
            Usage: make fuzz [ARGS="..."]
              --requests N   requests to send (default 2,000)
              --seed N       seed of the generated requests
              --runtime-log FILE  write the runtime's lines (requests, function output) to FILE""";

    private Fuzz() {
    }

    public static void main(String[] args) throws IOException {
        HttpFuzzer.Settings settings = HttpFuzzer.Settings.defaults();
        Path runtimeLog = null;
        List<String> rest = new ArrayList<>(List.of(args));
        try {
            while (!rest.isEmpty()) {
                String arg = rest.remove(0);
                switch (arg) {
                    case "--requests" -> settings = settings.withRequests(Integer.parseInt(value(arg, rest)));
                    case "--seed" -> settings = settings.withSeed(Long.parseLong(value(arg, rest)));
                    case "--runtime-log" -> runtimeLog = Path.of(value(arg, rest));
                    case "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("Unknown option " + arg);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Path root = Path.of("").toAbsolutePath();
        Path directory = Files.createTempDirectory("ddbstreams-fuzz-");
        FuzzReport report;
        try {
            LocalRuntimeOptions options = LocalRuntimeOptions.forTests(
                    HttpFuzzer.repositoryWithoutThrottling(root, directory)).withKinesis(false);
            try (PrintStream log = runtimeLog == null ? null
                    : new PrintStream(Files.newOutputStream(runtimeLog), true, StandardCharsets.UTF_8);
                    LocalRuntime runtime = LocalRuntime.start(options, line -> {
                        if (log != null) {
                            log.println(line);
                        }
                    })) {
                report = HttpFuzzer.run(runtime, settings, System.out::println);
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        System.out.print(report.format());
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }
}
