package dev.ddbstreams.eventlog;

/**
 * Masks an e-mail address for the log: {@code test@test.com} becomes {@code t***@test.com}. The full
 * address never comes out, whatever the input:
 * <ul>
 *   <li>No {@code @} gives {@code ***}: with no domain to show, nothing is shown.</li>
 *   <li>The first character is kept only when the local part has at least two code points and that
 *       character is a letter or digit. {@code a@x.com} gives {@code ***@x.com}, because showing the
 *       {@code a} would reveal the whole local part.</li>
 *   <li>A domain that is not a plausible host name (empty, over 253 characters, or holding anything but
 *       letters, digits, {@code -} and {@code .}) is masked too. The same goes for a hostile "domain" that
 *       carries text meant to forge log lines.</li>
 *   <li>The address is split at the last {@code @}, since local parts may quote an {@code @}. Unicode is
 *       handled by code point, so a surrogate pair is never cut in half.</li>
 * </ul>
 */
public final class EmailMask {

    static final String MASK = "***";
    private static final int MAX_DOMAIN_LENGTH = 253;

    private EmailMask() {
    }

    /** @return the masked address; {@code ***} for {@code null} */
    public static String mask(String email) {
        if (email == null) {
            return MASK;
        }
        String address = email.strip();
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return MASK;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        return visiblePrefix(local) + MASK + "@" + (isPlausibleDomain(domain) ? domain : MASK);
    }

    private static String visiblePrefix(String local) {
        if (local.codePointCount(0, local.length()) < 2) {
            return "";
        }
        int first = local.codePointAt(0);
        return Character.isLetterOrDigit(first) ? Character.toString(first) : "";
    }

    private static boolean isPlausibleDomain(String domain) {
        if (domain.isEmpty() || domain.length() > MAX_DOMAIN_LENGTH) {
            return false;
        }
        return domain.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '.');
    }
}
