package dev.ddbstreams.users;

import dev.ddbstreams.http.ErrorCode;
import dev.ddbstreams.http.Validated;
import java.util.regex.Pattern;

/**
 * A deliberately plain e-mail address check, close to RFC 5321's mailbox without its rarities: a
 * dot-atom local part of at most 64 octets, a domain of dot-separated LDH labels (1 to 63 characters, no
 * leading or trailing hyphen, at least two labels, a non-numeric top-level label), 254 characters in all.
 * Quoted local parts, address literals ({@code user@[192.0.2.1]}) and raw internationalised domains are
 * refused (send an IDN domain in its punycode form). The address is stored exactly as given.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.2">RFC 5321 section 4.1.2: Mailbox</a>
 * @see <a href="https://www.rfc-editor.org/errata/eid1690">RFC 3696 erratum 1690: 254 characters</a>
 */
public final class EmailAddresses {

    public static final int MAX_LENGTH = 254;
    public static final int MAX_LOCAL_PART_LENGTH = 64;

    private static final Pattern ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    private EmailAddresses() {
    }

    public static Validated<String> validate(String address) {
        if (address.length() > MAX_LENGTH) {
            return invalid("An e-mail address has at most " + MAX_LENGTH + " characters.");
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return invalid("An e-mail address looks like name@example.com.");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > MAX_LOCAL_PART_LENGTH || !isDotAtom(local)) {
            return invalid("The part before @ must be at most " + MAX_LOCAL_PART_LENGTH
                    + " letters, digits, dots (not leading, trailing or doubled) and !#$%&'*+/=?^_`{|}~-.");
        }
        if (!isDomain(domain)) {
            return invalid("The part after @ must be a domain name such as example.com.");
        }
        return Validated.valid(address);
    }

    private static boolean isDotAtom(String local) {
        if (local.startsWith(".") || local.endsWith(".")) {
            return false;
        }
        for (String atom : local.split("\\.", -1)) {
            if (!ATOM.matcher(atom).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDomain(String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !NUMERIC.matcher(labels[labels.length - 1]).matches();
    }

    private static Validated<String> invalid(String message) {
        return Validated.invalid(ErrorCode.INVALID_EMAIL, message);
    }
}
