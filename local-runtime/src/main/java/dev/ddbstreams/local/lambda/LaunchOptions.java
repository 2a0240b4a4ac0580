package dev.ddbstreams.local.lambda;

import java.util.List;

/** Per-launch JVM options for a function process (class data sharing), and what to do when it ends. */
interface LaunchOptions {

    LaunchOptions NONE = new LaunchOptions() {
        @Override
        public List<String> forLaunch(LocalFunction function) {
            return List.of();
        }
    };

    /** The extra JVM options for the next process of {@code function}. */
    List<String> forLaunch(LocalFunction function);

    /** Whether a process started with {@code options} should be asked to stop (SIGTERM) rather than killed. */
    default boolean wantsGracefulStop(List<String> options) {
        return false;
    }

    /** Called once the process started with {@code options} is gone. */
    default void processEnded(List<String> options) {
    }
}
