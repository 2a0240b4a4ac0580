import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints every skipped test of the last build with its reason, read from the Surefire and Failsafe XML
 * reports: Maven's console only counts skips, and a skipped test must say why it skipped.
 *
 * <p>Run as a single-file program (a JDK is all it needs): {@code java tools/SkippedTests.java [root]}.
 */
public final class SkippedTests {

    private static final Pattern TESTCASE = Pattern.compile(
            "<testcase\\s+name=\"([^\"]*)\"\\s+classname=\"([^\"]*)\"[^>]*>\\s*<skipped(?:\\s+message=\"([^\"]*)\")?[^>]*?(?:/>|>\\s*(?:<!\\[CDATA\\[([^\\n\\]]*))?)",
            Pattern.DOTALL);

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        List<String> skipped = new ArrayList<>();
        try (Stream<Path> reports = Files.walk(root, 4)) {
            for (Path report : reports.filter(SkippedTests::isReport).sorted().toList()) {
                Matcher m = TESTCASE.matcher(Files.readString(report));
                while (m.find()) {
                    String reason = m.group(3) != null ? unescape(m.group(3))
                            : m.group(4) != null ? m.group(4).replaceFirst("^org\\.opentest4j\\.TestAbortedException: (Assumption failed: )?", "")
                            : "(no reason given)";
                    skipped.add(simpleName(m.group(2)) + "." + m.group(1) + ": " + reason);
                }
            }
        }
        if (skipped.isEmpty()) {
            System.out.println("skipped tests: none");
            return;
        }
        System.out.println("skipped tests (" + skipped.size() + "), with the reason:");
        skipped.forEach(line -> System.out.println("  - " + line));
    }

    private static boolean isReport(Path path) {
        String name = path.getFileName().toString();
        String parent = path.getParent() == null ? "" : path.getParent().getFileName().toString();
        return name.startsWith("TEST-") && name.endsWith(".xml")
                && (parent.equals("surefire-reports") || parent.equals("failsafe-reports"));
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String unescape(String text) {
        return text.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&#10;", " ").replace("&amp;", "&");
    }
}
