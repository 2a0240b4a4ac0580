package dev.ddbstreams.http;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of checking client input: a value, or the {@link ApiError} that explains why there is none.
 * Validation returns this instead of throwing, so a rejected request is an ordinary value that flows to a
 * 4xx response.
 *
 * @param <T> the type of the valid value
 */
public sealed interface Validated<T> permits Validated.Valid, Validated.Invalid {

    static <T> Validated<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> Validated<T> invalid(ApiError error) {
        return new Invalid<>(error);
    }

    static <T> Validated<T> invalid(ErrorCode code, String message) {
        return new Invalid<>(ApiError.of(code, message));
    }

    <R> Validated<R> map(Function<? super T, ? extends R> mapper);

    <R> Validated<R> flatMap(Function<? super T, Validated<R>> mapper);

    /** The response for the valid value, or the error response. */
    HttpResponse toResponse(Function<? super T, HttpResponse> onValid);

    boolean isValid();

    record Valid<T>(T value) implements Validated<T> {

        @Override
        public <R> Validated<R> map(Function<? super T, ? extends R> mapper) {
            return new Valid<>(mapper.apply(value));
        }

        @Override
        public <R> Validated<R> flatMap(Function<? super T, Validated<R>> mapper) {
            return Objects.requireNonNull(mapper.apply(value), "mapper result");
        }

        @Override
        public HttpResponse toResponse(Function<? super T, HttpResponse> onValid) {
            return onValid.apply(value);
        }

        @Override
        public boolean isValid() {
            return true;
        }
    }

    record Invalid<T>(ApiError error) implements Validated<T> {

        public Invalid {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public <R> Validated<R> map(Function<? super T, ? extends R> mapper) {
            return new Invalid<>(error);
        }

        @Override
        public <R> Validated<R> flatMap(Function<? super T, Validated<R>> mapper) {
            return new Invalid<>(error);
        }

        @Override
        public HttpResponse toResponse(Function<? super T, HttpResponse> onValid) {
            return error.toResponse();
        }

        @Override
        public boolean isValid() {
            return false;
        }
    }
}
