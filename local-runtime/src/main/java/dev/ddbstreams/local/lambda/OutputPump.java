package dev.ddbstreams.local.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Forwards a function process's output, line by line, to a listener, and keeps its last lines to explain an
 * init failure or a crash. Overlong lines are split rather than buffered without bound.
 *
 * <p>{@link #awaitDrained} tells when every byte the process has written so far has been forwarded, so that an
 * invocation's END and REPORT lines follow the function's own lines, as in Lambda's log stream. A process's pipe
 * ({@link Process#getInputStream}) locks {@code read} and {@code available} alike, so a pump blocked in {@code read}
 * would block the question too: the pump reads only what {@code available} says is there and, while the pipe is
 * empty, looks again after a short pause (1 ms, growing to {@value #MAX_IDLE_MILLIS} ms while nothing comes).
 * Once the source has ended it reads to the end of the stream.
 */
final class OutputPump {

    private static final int MAX_LINE_BYTES = 65_536;
    private static final int TAIL_LINES = 30;
    private static final int TAIL_LINE_CHARS = 500;
    private static final long MAX_IDLE_MILLIS = 16;

    private final Deque<String> tail = new ArrayDeque<>();
    private final InputStream output;
    private final BooleanSupplier sourceEnded;
    private final Thread thread;
    private final Object progress = new Object();
    /** True while the pump pauses on an empty pipe, every complete line it read forwarded. */
    private boolean idle;
    /** How many reads the pump has made: a read between two looks at the pipe means it was not idle throughout. */
    private long reads;

    /**
     * @param sourceEnded whether the writer has gone (the process exited): the pump then reads to the end of the
     *                    stream instead of waiting for more
     */
    OutputPump(String functionName, InputStream output, BooleanSupplier sourceEnded, FunctionOutputListener listener) {
        this.output = output;
        this.sourceEnded = sourceEnded;
        this.thread = new Thread(() -> pump(functionName, listener), "function-output-" + functionName);
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(String functionName, FunctionOutputListener listener) {
        byte[] chunk = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long pauseMillis = 1;
        try (output) {
            while (true) {
                int ready = output.available();
                if (ready == 0 && !sourceEnded.getAsBoolean()) {
                    pause(pauseMillis);
                    pauseMillis = Math.min(pauseMillis * 2, MAX_IDLE_MILLIS);
                    continue;
                }
                pauseMillis = 1;
                synchronized (progress) {
                    idle = false;
                    reads++;
                }
                int read = output.read(chunk, 0, ready == 0 ? chunk.length : Math.min(ready, chunk.length));
                if (read == -1) {
                    break;
                }
                for (int i = 0; i < read; i++) {
                    byte b = chunk[i];
                    if (b == '\n') {
                        emit(functionName, decode(line), listener);
                        line.reset();
                    } else {
                        // Split an overlong line where a character starts, not inside its UTF-8 bytes.
                        if (line.size() >= MAX_LINE_BYTES && (b & 0xC0) != 0x80) {
                            emit(functionName, decode(line), listener);
                            line.reset();
                        }
                        line.write(b);
                    }
                }
            }
            if (line.size() > 0) {
                emit(functionName, decode(line), listener);
            }
        } catch (IOException e) {
            // The process was killed and its pipe closed: nothing more to forward.
        } finally {
            synchronized (progress) {
                idle = true;
                progress.notifyAll();
            }
        }
    }

    private void pause(long millis) {
        synchronized (progress) {
            idle = true;
            progress.notifyAll();
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * Waits until every complete line the process wrote before this call has reached the listener, for at most
     * {@code timeout}. Call it while the process runs (the pump then never blocks in a read).
     */
    void awaitDrained(long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        LockSupport.unpark(thread); // look at the pipe now rather than after the pause
        try {
            while (thread.isAlive() && System.nanoTime() < deadline) {
                long readsBefore;
                synchronized (progress) {
                    readsBefore = idle ? reads : -1;
                }
                if (readsBefore >= 0 && pipeIsEmpty()) {
                    synchronized (progress) {
                        if (idle && reads == readsBefore) {
                            return; // idle before and after an empty pipe, nothing read in between
                        }
                    }
                }
                synchronized (progress) {
                    progress.wait(1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean pipeIsEmpty() {
        try {
            return output.available() == 0;
        } catch (IOException closed) {
            return true;
        }
    }

    private static String decode(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
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
