package dev.ddbstreams.local.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's client of the notes API: paced under the API's throttling rate, and retrying what a well-behaved
 * client retries (429, 502, 503, 504: the request was not carried out). Counts every answer by status.
 */
final class NotesApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> RETRIED = Set.of(429, 502, 503, 504);
    private static final int ATTEMPTS = 8;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final long intervalNanos;
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final List<String> unexpected = new ArrayList<>();
    private long nextSlot;

    NotesApiClient(int requestsPerSecond) {
        this.intervalNanos = 1_000_000_000L / requestsPerSecond;
    }

    /** Creates a note; its id, or empty after an unexpected answer (recorded). */
    Optional<String> create(URI api, String title, String content) {
        ObjectNode body = JSON.createObjectNode().put("title", title).put("content", content);
        HttpResponse<String> response = send(api, "POST", "/notes", body.toString(), 201);
        if (response == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(response.body()).get("id").asText());
        } catch (IOException | RuntimeException e) {
            unexpected("POST /notes: unreadable 201 body");
            return Optional.empty();
        }
    }

    boolean updateContent(URI api, String id, String content) {
        ObjectNode body = JSON.createObjectNode().put("content", content);
        return send(api, "PUT", "/notes/" + id, body.toString(), 200) != null;
    }

    boolean delete(URI api, String id) {
        return send(api, "DELETE", "/notes/" + id, null, 204) != null;
    }

    Map<Integer, Long> statuses() {
        Map<Integer, Long> copy = new TreeMap<>();
        statuses.forEach((status, count) -> copy.put(status, count.get()));
        return copy;
    }

    synchronized List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    private HttpResponse<String> send(URI api, String method, String path, String body, int expected) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            pace();
            HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            try {
                HttpResponse<String> response = http.send(request.build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                statuses.computeIfAbsent(response.statusCode(), status -> new AtomicLong()).incrementAndGet();
                if (response.statusCode() == expected) {
                    return response;
                }
                if (!RETRIED.contains(response.statusCode())) {
                    unexpected(method + " " + path + ": " + response.statusCode() + " " + abbreviate(response.body()));
                    return null;
                }
            } catch (IOException e) {
                statuses.computeIfAbsent(-1, status -> new AtomicLong()).incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            sleep(Math.min(3_000, 100L << attempt));
        }
        unexpected(method + " " + path + ": still failing after " + ATTEMPTS + " attempts");
        return null;
    }

    private void pace() {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            nextSlot = Math.max(nextSlot + intervalNanos, now);
            wait = nextSlot - now;
        }
        if (wait > 0) {
            sleep(wait / 1_000_000);
        }
    }

    private synchronized void unexpected(String what) {
        if (unexpected.size() < 50) {
            unexpected.add(what);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
