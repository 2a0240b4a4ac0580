package dev.ddbstreams.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.http.JsonFields;
import dev.ddbstreams.http.TextField;
import dev.ddbstreams.http.Validated;
import java.util.Set;

/** Validation of {@code POST /users} bodies: {@code {"email": "..."}} and nothing else. */
public final class UserRequests {

    /**
     * Longer than any valid address so the e-mail check, not the size check, explains an overlong one;
     * short enough that a megabyte "address" is refused as too large before it is examined.
     */
    static final TextField EMAIL = new TextField("email", 4 * EmailAddresses.MAX_LENGTH, false);

    private static final Set<String> FIELDS = Set.of("email");

    private UserRequests() {
    }

    /** The validated address. */
    public static Validated<String> newUserEmail(ObjectNode body) {
        return JsonFields.onlyKnown(body, FIELDS)
                .flatMap(EMAIL::required)
                .flatMap(EmailAddresses::validate);
    }
}
