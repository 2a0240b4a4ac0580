package dev.ddbstreams.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make run}: starts the whole system on 127.0.0.1, prints a ready banner, and runs until Ctrl-C,
 * which stops every emulator, poller and function process it started.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(LocalRuntimeOptions.USAGE);
            return;
        }
        LocalRuntimeOptions options;
        try {
            options = LocalRuntimeOptions.parse(args, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.start(options, System.out::println);
        } catch (RuntimeException e) {
            System.err.println("local runtime: failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("local runtime: stopping ...");
            runtime.close();
            System.out.println("local runtime: stopped");
            stopped.countDown();
        }, "local-runtime-shutdown"));
        System.out.println(Banner.render(runtime));
        stopped.await();
    }
}
