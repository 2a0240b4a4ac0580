package dev.ddbstreams.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.http.Validated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "test@test.com",
            "first.last@example.org",
            "user+tag@sub.domain.example.co.uk",
            "o'brien@example.ie",
            "x@a.io",
            "UPPER.case@EXAMPLE.COM",
            "a!#$%&'*+/=?^_`{|}~-z@example.com",
            "user@xn--bcher-kva.example",
            "user@123.example.com",
            "user@my-host.example"})
    void validate_acceptsOrdinaryAddresses(String address) {
        Validated<String> result = EmailAddresses.validate(address);

        assertTrue(result.isValid(), () -> address + ": " + result);
        assertEquals(new Validated.Valid<>(address), result, "stored exactly as given");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "plainaddress",
            "@example.com",
            "user@",
            "user@@example.com",
            "user@example",
            "user@localhost",
            ".user@example.com",
            "user.@example.com",
            "us..er@example.com",
            "user@.example.com",
            "user@example.com.",
            "user@example..com",
            "user@-example.com",
            "user@example-.com",
            "user@exa_mple.com",
            "user@192.168.0.1",
            "user@[192.168.0.1]",
            "\"quoted\"@example.com",
            "us er@example.com",
            "user@exam ple.com",
            " user@example.com",
            "user@example.com ",
            "user@b\u00fccher.example",
            "j\u00f6rg@example.com",
            "user(comment)@example.com",
            "a@b@example.com",
            "user\u0000@example.com"})
    void validate_rejectsMalformedAddresses(String address) {
        Validated<String> result = EmailAddresses.validate(address);

        assertFalse(result.isValid(), address);
        assertEquals("InvalidEmail", ((Validated.Invalid<String>) result).error().code().code());
    }

    @org.junit.jupiter.api.Test
    void validate_enforcesTheLengthLimits() {
        String local64 = "a".repeat(64);
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(57) + ".com";
        String longest = local64 + "@" + domain;
        assertEquals(254, longest.length());

        assertTrue(EmailAddresses.validate(longest).isValid(), "254 characters is the limit");
        assertFalse(EmailAddresses.validate(local64 + "e@example.com").isValid(), "local part over 64");
        assertFalse(EmailAddresses.validate("a" + longest).isValid(), "255 characters");
        assertFalse(EmailAddresses.validate("user@" + "l".repeat(64) + ".com").isValid(), "label over 63");
    }
}
