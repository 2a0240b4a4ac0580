package dev.ddbstreams.local.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Forwards a function process's output, line by line, to a listener, and keeps its last lines to explain an
 * init failure or a crash. Overlong lines are split rather than buffered without bound.
 */
final class OutputPump {

    private static final int MAX_LINE_CHARS = 65_536;
    private static final int TAIL_LINES = 30;
    private static final int TAIL_LINE_CHARS = 500;

    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread thread;

    OutputPump(String functionName, InputStream output, FunctionOutputListener listener) {
        this.thread = new Thread(() -> pump(functionName, output, listener), "function-output-" + functionName);
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(String functionName, InputStream output, FunctionOutputListener listener) {
        try (Reader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = reader.read()) != -1) {
                if (c == '\n' || line.length() >= MAX_LINE_CHARS) {
                    emit(functionName, stripCarriageReturn(line), listener);
                    line.setLength(0);
                    if (c == '\n') {
                        continue;
                    }
                }
                line.append((char) c);
            }
            if (line.length() > 0) {
                emit(functionName, stripCarriageReturn(line), listener);
            }
        } catch (IOException e) {
            // The process was killed and its pipe closed: nothing more to forward.
        }
    }

    private static String stripCarriageReturn(StringBuilder line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }

    private void emit(String functionName, String line, FunctionOutputListener listener) {
        synchronized (tail) {
            tail.addLast(line.length() > TAIL_LINE_CHARS ? line.substring(0, TAIL_LINE_CHARS) + "..." : line);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
        try {
            listener.onLine(functionName, line);
        } catch (RuntimeException e) {
            // A faulty listener must not stop the pipe from draining (the function would block on a full pipe).
        }
    }

    /** Waits (briefly) until the process's output is fully read, e.g. after it exited. */
    void awaitEnd(long timeout, TimeUnit unit) {
        try {
            thread.join(unit.toMillis(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of output, oldest first, joined with newlines; empty when there was none. */
    String tail(int lines) {
        synchronized (tail) {
            return String.join("\n", tail.stream().skip(Math.max(0, tail.size() - lines)).toList());
        }
    }
}
