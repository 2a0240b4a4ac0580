package dev.ddbstreams.local.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code make soak}: the full-size soak ({@link SoakSettings#full()}) against a fresh local runtime, printing its
 * figures; exits 1 when an invariant did not hold.
 *
 * <pre>
 * make soak                                  # 20,000 writes + 2,000 notes, every fault
 * make soak ARGS="--reduced"                 # the size make test runs
 * make soak ARGS="--writes 5000 --notes 500 --seed 7 --verbose"
 * </pre>
 */
public final class Soak {

    static final String USAGE = """
            Usage: make soak [ARGS="..."]
              --reduced          the reduced size that make test runs (1,200 writes, 120 notes)
              --writes N         source table writes (default 20,000)
              --notes N          notes created through the HTTP API (default 2,000)
              --seed N           seed of the workload and of every fault draw
              --drain-timeout S  seconds to wait for the drain once the faults stop (default 600)
              --verbose          also print the runtime's lines (one per invocation)""";

    private Soak() {
    }

    public static void main(String[] args) {
        SoakSettings settings = SoakSettings.full();
        boolean verbose = false;
        List<String> rest = new ArrayList<>(List.of(args));
        try {
            while (!rest.isEmpty()) {
                String arg = rest.remove(0);
                switch (arg) {
                    case "--reduced" -> settings = SoakSettings.reduced();
                    case "--writes" -> settings = settings.withSize(Integer.parseInt(value(arg, rest)), settings.notes());
                    case "--notes" -> settings = settings.withSize(settings.tableWrites(), Integer.parseInt(value(arg, rest)));
                    case "--seed" -> settings = settings.withSeed(Long.parseLong(value(arg, rest)));
                    case "--drain-timeout" -> settings = settings.withDrainTimeout(
                            Duration.ofSeconds(Long.parseLong(value(arg, rest))));
                    case "--verbose" -> verbose = true;
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
        SoakReport report = SoakRun.run(Path.of("").toAbsolutePath(), settings, System.out::println, verbose);
        System.out.println();
        System.out.print(report.format());
        System.exit(report.violations().isEmpty() ? 0 : 1);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }
}
