package dev.ddbstreams.local.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Kills a process with everything it started, so that no function leaves an orphan behind. */
final class ProcessTrees {

    private ProcessTrees() {
    }

    /** Forcibly kills {@code root} and its descendants, then waits up to {@code waitMs} for them to be gone. */
    static void kill(ProcessHandle root, long waitMs) {
        // Collected before the root dies: afterwards its children are re-parented and no longer its descendants.
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroyForcibly);
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // A process that outlives SIGKILL for this long is stuck in the kernel; nothing more to do.
        }
    }
}
