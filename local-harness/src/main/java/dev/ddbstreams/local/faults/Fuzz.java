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
 * {@code make fuzz}: the HTTP fuzzer against a fresh in-memory local runtime, first its HTTP API on :8080 (unthrottled,
 * see {@link HttpFuzzer#repositoryWithoutThrottling}), then its AWS edge; prints a report per target and exits 1
 * when either broke a rule ({@link FuzzRules}).
 *
 * <pre>
 * make fuzz                                  # 2,000 requests per target, the seed make test uses
 * make fuzz ARGS="--requests 10000 --seed 7"
 * make fuzz ARGS="--target edge"
 * </pre>
 */
public final class Fuzz {

    static final String USAGE = """
            Usage: make fuzz [ARGS="..."]
              --requests N   requests to send to each target (default 2,000)
              --seed N       seed of the generated requests
              --target T     api (the HTTP API), edge (the AWS endpoint) or both (default)
              --runtime-log FILE  write the runtime's lines (requests, function output) to FILE""";

    private Fuzz() {
    }

    public static void main(String[] args) throws IOException {
        HttpFuzzer.Settings settings = HttpFuzzer.Settings.defaults();
        Path runtimeLog = null;
        String target = "both";
        List<String> rest = new ArrayList<>(List.of(args));
        try {
            while (!rest.isEmpty()) {
                String arg = rest.remove(0);
                switch (arg) {
                    case "--requests" -> settings = settings.withRequests(Integer.parseInt(value(arg, rest)));
                    case "--seed" -> settings = settings.withSeed(Long.parseLong(value(arg, rest)));
                    case "--runtime-log" -> runtimeLog = Path.of(value(arg, rest));
                    case "--target" -> {
                        target = value(arg, rest);
                        if (!List.of("api", "edge", "both").contains(target)) {
                            throw new IllegalArgumentException("--target is api, edge or both, not " + target);
                        }
                    }
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
        List<FuzzReport> reports = new ArrayList<>();
        try {
            LocalRuntimeOptions options = LocalRuntimeOptions.forTests(
                    // Kinesis on, so that the edge's Kinesis requests reach the engine too.
                    HttpFuzzer.repositoryWithoutThrottling(root, directory)).withKinesis(true);
            try (PrintStream log = runtimeLog == null ? null
                    : new PrintStream(Files.newOutputStream(runtimeLog), true, StandardCharsets.UTF_8);
                    LocalRuntime runtime = LocalRuntime.start(options, line -> {
                        if (log != null) {
                            log.println(line);
                        }
                    })) {
                if (!target.equals("edge")) {
                    reports.add(HttpFuzzer.run(runtime, settings, System.out::println));
                }
                if (!target.equals("api")) {
                    reports.add(HttpFuzzer.runEdge(runtime, settings, System.out::println));
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        reports.forEach(report -> System.out.print(report.format()));
        System.exit(reports.stream().allMatch(report -> report.failures().isEmpty()) ? 0 : 1);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }
}
