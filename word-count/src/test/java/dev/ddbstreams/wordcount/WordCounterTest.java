package dev.ddbstreams.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordCounterTest {

    @Test
    void count_isZero_forNullEmptyAndWhitespaceOnlyText() {
        assertEquals(0, WordCounter.count(null));
        assertEquals(0, WordCounter.count(""));
        assertEquals(0, WordCounter.count(" "));
        assertEquals(0, WordCounter.count(" \t\r\n\u00A0\u3000\u2028 "));
    }

    @Test
    void count_countsTheSeedNotes() {
        assertEquals(10, WordCounter.count("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nulla vitae."));
        assertEquals(2, WordCounter.count("some text"));
    }

    @Test
    void count_ignoresLeadingTrailingAndRepeatedWhitespace_whereSplitOnSpaceMiscounts() {
        String text = "  two   words  ";
        assertEquals(2, WordCounter.count(text));
        // The seed's content.split(' ').length: trailing empties dropped, leading and inner ones counted.
        assertEquals(6, text.split(" ").length);
        assertEquals(1, "".split(" ").length);
    }

    @ParameterizedTest(name = "U+{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "0009 | tab",
            "000A | line feed",
            "000B | vertical tab",
            "000C | form feed",
            "000D | carriage return",
            "0020 | space",
            "0085 | next line",
            "00A0 | no-break space",
            "1680 | ogham space mark",
            "2000 | en quad",
            "2003 | em space",
            "200A | hair space",
            "2028 | line separator",
            "2029 | paragraph separator",
            "202F | narrow no-break space",
            "205F | medium mathematical space",
            "3000 | ideographic space",
    })
    void count_splitsOnEveryUnicodeWhiteSpaceCodePoint(String hex, String name) {
        String space = Character.toString(Integer.parseInt(hex, 16));
        assertEquals(2, WordCounter.count("\u65E5" + space + "word"), name);
        assertEquals(2, WordCounter.count(space + "a" + space + space + "b" + space), name);
    }

    @ParameterizedTest(name = "U+{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "200B | zero width space",
            "200C | zero width non-joiner",
            "200D | zero width joiner",
            "2060 | word joiner",
            "FEFF | byte order mark",
            "180E | mongolian vowel separator (White_Space until Unicode 6.3)",
            "001C | information separator four (Character.isWhitespace says yes)",
    })
    void count_doesNotSplitOnCharactersThatAreNotWhiteSpace(String hex, String name) {
        String joiner = Character.toString(Integer.parseInt(hex, 16));
        assertEquals(1, WordCounter.count("a" + joiner + "b"), name);
    }

    @Test
    void count_treatsEmojiAndCombiningMarksAsPartOfWords() {
        assertEquals(2, WordCounter.count("\uD83D\uDC4D\uD83C\uDFFD ok"));
        // Family emoji: a ZWJ sequence of four people is one token.
        assertEquals(1, WordCounter.count("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66"));
        assertEquals(1, WordCounter.count("e\u0301te\u0301"));
        assertEquals(2, WordCounter.count("\u0301 a"));
    }

    @Test
    void count_treatsUnspacedCjkRunsAsOneWord() {
        assertEquals(1, WordCounter.count("\u4ECA\u65E5\u306F\u826F\u3044\u5929\u6C17"));
    }

    @Test
    void count_handlesContentAtTheItemSizeLimit() {
        String content = "word ".repeat(80_000);
        assertEquals(80_000, WordCounter.count(content));
    }
}
