package dev.ddbstreams.wordcount;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the words of a text: maximal runs of code points that are not Unicode {@code White_Space}.
 *
 * <p>The seed's {@code content.split(' ').length} counts separators, not words: {@code ""} gives 1,
 * {@code "a  b"} gives 3, and a tab, newline or no-break space never separates anything. Here every
 * {@code White_Space} code point separates (tab, line feed, carriage return, NBSP U+00A0, the
 * en/em/thin spaces U+2000..U+200A, line/paragraph separators, ideographic space U+3000, ...), runs of
 * them count once, leading and trailing ones count nothing, and empty or whitespace-only text is 0 words.
 *
 * <p>Deliberate choices, each the Unicode property's own answer:
 * <ul>
 *   <li>ZERO WIDTH SPACE U+200B, ZERO WIDTH (NO-BREAK) JOINER, WORD JOINER and the BOM are format
 *       characters, not {@code White_Space}: they join, so {@code "a\u200Bb"} is one word.</li>
 *   <li>Text without spaces between words (Chinese, Japanese, Thai) counts as one word per
 *       space-separated run; splitting it needs dictionary segmentation, which a word count on a note
 *       does not warrant.</li>
 *   <li>Emoji (including ZWJ sequences and skin-tone modifiers) and combining marks are ordinary
 *       non-space code points: {@code "👍🏽 ok"} is two words, {@code "e\u0301te"} is one.</li>
 * </ul>
 *
 * @see <a href="https://www.unicode.org/Public/UCD/latest/ucd/PropList.txt">Unicode PropList.txt (White_Space)</a>
 * @see <a href="https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/util/regex/Pattern.html#ubpc">java.util.regex binary properties</a>
 */
public final class WordCounter {

    private static final Pattern WORD = Pattern.compile("\\P{IsWhite_Space}+");

    private WordCounter() {
    }

    /** @return the number of words in {@code text}; 0 for {@code null}, empty or whitespace-only text */
    public static int count(CharSequence text) {
        if (text == null) {
            return 0;
        }
        Matcher words = WORD.matcher(text);
        int count = 0;
        while (words.find()) {
            count++;
        }
        return count;
    }
}
