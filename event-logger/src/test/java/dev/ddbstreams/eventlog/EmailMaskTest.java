package dev.ddbstreams.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailMaskTest {

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "test@test.com                     | t***@test.com       | the seed's address",
            "` Test@Example.COM `              | T***@Example.COM    | surrounding whitespace",
            "a@test.com                        | ***@test.com        | one-character local part: showing it would show all of it",
            "@test.com                         | ***@test.com        | empty local part",
            "test                              | ***                 | no @",
            "``                                | ***                 | empty",
            "`   `                             | ***                 | blank",
            "test@                             | t***@***            | empty domain",
            "a@b@c.com                         | a***@c.com          | several @: the last one separates",
            "\"x@y\"@example.com               | ***@example.com     | quoted local part starting with a quote",
            "jürgen.müller@example.de          | j***@example.de     | non-ASCII local part",
            "ünal@example.com                  | ü***@example.com    | non-ASCII first letter",
            "用户@例子.广告                     | 用***@例子.广告      | internationalised address",
            "\uD83D\uDE00smile@example.com     | ***@example.com     | emoji first: not a letter, not shown",
            "\u0301e@example.com               | ***@example.com     | combining mark first: not shown",
            "test@[192.168.0.1]                | t***@***            | domain literal",
            "test@exa mple.com                 | t***@***            | space in domain",
    })
    void mask_neverRevealsTheAddress(String email, String expected, String name) {
        assertEquals(expected, EmailMask.mask(email), name);
    }

    @Test
    void mask_masksADomainCarryingTextMeantToForgeALogLine() {
        assertEquals("t***@***", EmailMask.mask("test@test.com\n{\"level\":\"INFO\",\"forged\":true}"));
    }

    @Test
    void mask_masksNullAndOverlongDomains() {
        assertEquals("***", EmailMask.mask(null));
        assertEquals("t***@***", EmailMask.mask("test@" + "a".repeat(250) + ".com"));
    }

    @Test
    void mask_neverContainsALocalPartOfTwoOrMoreCharacters() {
        for (String email : List.of("ab@x.io", "test@test.com", "jürgen@x.de", "\uD83D\uDE00\uD83D\uDE00@x.io", "x.y+tag@x.io")) {
            String local = email.substring(0, email.lastIndexOf('@'));
            String masked = EmailMask.mask(email);
            assertFalse(masked.substring(0, masked.lastIndexOf('@')).contains(local), email);
        }
    }
}
