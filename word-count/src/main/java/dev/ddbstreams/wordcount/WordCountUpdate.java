package dev.ddbstreams.wordcount;

/**
 * A word count to store on a note, together with the content it was computed from: the write only
 * applies while the note still has exactly that content.
 *
 * @param noteId the note's {@code id}
 * @param content the content the count was computed from
 * @param wordCount the number of words in {@code content}
 */
public record WordCountUpdate(String noteId, String content, int wordCount) {
}
