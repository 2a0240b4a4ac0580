package dev.ddbstreams.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks free loopback ports for emulators started with port 0 (tests run side by side). */
public final class FreePorts {

    private FreePorts() {
    }

    /** @return {@code requested} unless it is 0, else a port that was free on 127.0.0.1 a moment ago */
    public static int resolve(int requested) {
        if (requested != 0) {
            return requested;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }
}
