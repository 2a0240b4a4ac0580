package dev.ddbstreams.local.scenarios;

/** A scenario's expectation did not hold; the message says what was expected and what was seen. */
public final class ScenarioFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ScenarioFailure(String message) {
        super(message);
    }
}
