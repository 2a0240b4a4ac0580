import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Summarises the last build's tests from the Surefire and Failsafe XML reports of every module: each skipped
 * test with its reason (Maven's console only counts skips, and a skipped test must say why it skipped), then
 * one closing line {@code tests: N passed, N failed, N skipped} over the whole build.
 *
 * <p>Run as a single-file program (a JDK is all it needs): {@code java tools/TestReport.java [root]}.
 */
public final class TestReport {

    private static final Pattern TESTCASE = Pattern.compile(
            "<testcase\\s+name=\"([^\"]*)\"\\s+classname=\"([^\"]*)\"[^>]*>\\s*<skipped(?:\\s+message=\"([^\"]*)\")?[^>]*?(?:/>|>\\s*(?:<!\\[CDATA\\[([^\\n\\]]*))?)",
            Pattern.DOTALL);

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        List<String> skipped = new ArrayList<>();
        long[] totals = new long[4]; // tests, errors, skipped, failures
        try (Stream<Path> reports = Files.walk(root, 4)) {
            for (Path report : reports.filter(TestReport::isReport).sorted().toList()) {
                String xml = Files.readString(report);
                addSuiteCounts(xml, totals);
                Matcher m = TESTCASE.matcher(xml);
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
        } else {
            System.out.println("skipped tests (" + skipped.size() + "), with the reason:");
            skipped.forEach(line -> System.out.println("  - " + line));
        }
        long failed = totals[1] + totals[3];
        System.out.println("tests: " + (totals[0] - failed - totals[2]) + " passed, " + failed + " failed, "
                + totals[2] + " skipped");
    }

    /** Adds the counts of the report's {@code <testsuite>} element (its first tag) to the totals. */
    private static void addSuiteCounts(String xml, long[] totals) {
        int start = xml.indexOf("<testsuite");
        int end = start < 0 ? -1 : xml.indexOf('>', start);
        if (end < 0) {
            return;
        }
        String tag = xml.substring(start, end + 1);
        for (String[] attribute : new String[][] {{"tests", "0"}, {"errors", "1"}, {"skipped", "2"}, {"failures", "3"}}) {
            Matcher m = Pattern.compile("\\s" + attribute[0] + "=\"(\\d+)\"").matcher(tag);
            if (m.find()) {
                totals[Integer.parseInt(attribute[1])] += Long.parseLong(m.group(1));
            }
        }
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
