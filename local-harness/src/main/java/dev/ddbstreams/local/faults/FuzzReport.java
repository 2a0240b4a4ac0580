package dev.ddbstreams.local.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP fuzzer's figures and findings for one target. {@link #violations()} is empty when the target held
 * ({@link FuzzRules}): no 5xx, an answer to every request, every 4xx in the protocol's error shape, no invalid input
 * accepted; {@link #failures()} adds no crashed process, the target up afterwards, and every request sent within
 * the time budget.
 *
 * @param target              what was fuzzed ("HTTP API", "AWS edge")
 * @param requests            requests sent, by category
 * @param statuses            answers by status (-1: no answer), overall
 * @param statusesByCategory  the same, per category
 * @param maxLatency          the slowest answer
 * @param maxLatencyByCategory the slowest answer per category
 * @param p99Latency          the 99th percentile of the answers' latency
 * @param violations          what broke the rules, grouped by kind of request and answer: an example request and
 *                            answer for each, with the count
 * @param violationCount      all of them
 * @param parserRejections    4xx answers without API Gateway's request id (each one also a violation), grouped by
 *                            answer and kind of request, with their counts
 * @param crashes             functions restarted, timed out or with a process gone
 * @param healthy             whether the target (and, for the edge, the engines behind it) answered afterwards
 * @param unsent              requests not sent within the budget
 */
public record FuzzReport(String target, HttpFuzzer.Settings settings, Map<String, Long> requests, Map<Integer, Long> statuses,
        Map<String, Map<Integer, Long>> statusesByCategory, Duration maxLatency, Map<String, Duration> maxLatencyByCategory,
        Duration p99Latency, Map<String, Long> violations, int violationCount, Map<String, Long> parserRejections,
        int parserRejectionCount, int json4xx, int api4xx, List<String> crashes, boolean healthy, int unsent,
        Duration duration) {

    /** One request and its answer. */
    record Result(FuzzRequest request, RawHttpClient.RawResponse response) {
    }

    static FuzzReport of(HttpFuzzer.Settings settings, List<Result> results, int unsent, Duration duration,
            boolean healthy, List<String> crashes) {
        return of("HTTP API", settings, results, unsent, duration, healthy, crashes);
    }

    /** The figures of one target's run; every answer judged by {@link FuzzRules}. */
    static FuzzReport of(String target, HttpFuzzer.Settings settings, List<Result> results, int unsent, Duration duration,
            boolean healthy, List<String> crashes) {
        Map<String, Long> requests = new TreeMap<>();
        Map<Integer, Long> statuses = new TreeMap<>();
        Map<String, Map<Integer, Long>> byCategory = new TreeMap<>();
        Map<String, Duration> maxByCategory = new TreeMap<>();
        Map<String, Long> violations = new LinkedHashMap<>();
        Map<String, String> examples = new HashMap<>();
        Map<String, Long> rejections = new TreeMap<>();
        int violationCount = 0;
        int rejectionCount = 0;
        int json4xx = 0;
        int api4xx = 0;
        Duration max = Duration.ZERO;
        List<Duration> latencies = new ArrayList<>();
        for (Result result : results) {
            FuzzRequest request = result.request();
            RawHttpClient.RawResponse response = result.response();
            requests.merge(request.category(), 1L, Long::sum);
            statuses.merge(response.status(), 1L, Long::sum);
            byCategory.computeIfAbsent(request.category(), key -> new TreeMap<>()).merge(response.status(), 1L, Long::sum);
            latencies.add(response.latency());
            if (response.latency().compareTo(max) > 0) {
                max = response.latency();
            }
            maxByCategory.merge(request.category(), response.latency(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            FuzzRules.Verdict verdict = FuzzRules.judge(request, response);
            String violation = verdict.violation();
            if (verdict.clientError()) {
                api4xx++;
                if (verdict.inShape()) {
                    json4xx++;
                }
            }
            if (verdict.parserRejection()) {
                rejectionCount++;
                rejections.merge(response.status() + " " + excerpt(response.body()) + " <- " + request.category()
                        + ": " + request.label(), 1L, Long::sum);
            }
            if (violation != null) {
                violationCount++;
                String kind = violation + " <- " + request.category() + ": " + request.label();
                String example = examples.computeIfAbsent(kind, key -> key + "; e.g. answer " + response.status() + " "
                        + excerpt(response.body()) + " to " + request.describe());
                violations.merge(example, 1L, Long::sum);
            }
        }
        latencies.sort(Comparator.naturalOrder());
        Duration p99 = latencies.isEmpty() ? Duration.ZERO
                : latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1));
        return new FuzzReport(target, settings, requests, statuses, byCategory, max, maxByCategory, p99, violations,
                violationCount, rejections, rejectionCount, json4xx, api4xx, crashes, healthy, unsent, duration);
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return FuzzRequest.escape(text.length() > 160 ? text.substring(0, 160) + "..." : text);
    }

    public long total() {
        return requests.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count5xx() {
        return statuses.entrySet().stream().filter(entry -> entry.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
    }

    /** Everything that broke the rules; empty when the API held. */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (violationCount > 0) {
            failures.add(violationCount + " violation(s) of " + violations.size() + " kind(s): " + violations.keySet());
        }
        if (!crashes.isEmpty()) {
            failures.add("crashed processes: " + crashes);
        }
        if (!healthy) {
            failures.add("the " + target + " did not answer its health check afterwards");
        }
        if (unsent > 0) {
            failures.add(unsent + " request(s) not sent within the budget of " + settings.budget().toSeconds() + " s");
        }
        return failures;
    }

    public String format() {
        StringBuilder out = new StringBuilder();
        line(out, "HTTP fuzz of the %s: %,d requests (seed %d, %d at a time) in %.1f s", target, total(), settings.seed(),
                settings.concurrency(), duration.toMillis() / 1000.0);
        line(out, "  by category      %s", requests);
        line(out, "  status histogram %s", statuses);
        statusesByCategory.forEach((category, histogram) -> line(out, "    %-16s %s (slowest %d ms)", category,
                histogram, maxLatencyByCategory.get(category).toMillis()));
        line(out, "  latency          max %d ms, p99 %d ms", maxLatency.toMillis(), p99Latency.toMillis());
        line(out, "  5xx              %d", count5xx());
        line(out, "  4xx answers      %,d, in the protocol's error shape %,d", api4xx, json4xx);
        if (target.equals("HTTP API")) {
            line(out, "  4xx without an Apigw-Requestid (not in API Gateway's shape): %d", parserRejectionCount);
            parserRejections.forEach((rejection, count) -> line(out, "    %3d x %s", count, rejection));
        }
        line(out, "  crashed processes %d%s; healthy afterwards: %s", crashes.size(),
                crashes.isEmpty() ? "" : " " + crashes, healthy);
        List<String> failures = failures();
        line(out, failures.isEmpty() ? "PASSED: no 5xx, no hang, no crash, every 4xx in the protocol's error shape" : "FAILED:");
        violations.forEach((violation, count) -> line(out, "  - %d x %s", count, violation));
        failures.stream().filter(failure -> !failure.startsWith(violationCount + " violation"))
                .forEach(failure -> line(out, "  - %s", failure));
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
