package dev.ddbstreams.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the most recent output lines of each function (bounded, so a chatty function cannot exhaust
 * memory), for the scenario checks and for tests that assert on what a function logged.
 */
final class FunctionLogBook {

    private final int capacityPerFunction;
    private final Map<String, Deque<String>> lines = new ConcurrentHashMap<>();

    FunctionLogBook(int capacityPerFunction) {
        this.capacityPerFunction = capacityPerFunction;
    }

    void append(String function, String line) {
        Deque<String> buffer = lines.computeIfAbsent(function, f -> new ArrayDeque<>());
        synchronized (buffer) {
            if (buffer.size() == capacityPerFunction) {
                buffer.removeFirst();
            }
            buffer.addLast(line);
        }
    }

    List<String> lines(String function) {
        Deque<String> buffer = lines.get(function);
        if (buffer == null) {
            return List.of();
        }
        synchronized (buffer) {
            return List.copyOf(buffer);
        }
    }
}
