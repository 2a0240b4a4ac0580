package dev.ddbstreams.lambda;

/**
 * Reads a function's configuration from its environment. A missing variable fails the function's init
 * with a message naming it, which Lambda (and the local runtime) report as the init error's cause.
 */
public final class Env {

    private Env() {
    }

    /**
     * @return the value of {@code name}
     * @throws IllegalStateException naming the variable when it is unset or blank
     */
    public static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Environment variable " + name
                    + " is not set; it is declared for this function in terraform/wiring.json");
        }
        return value;
    }
}
