package dev.ddbstreams.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SequenceNumberTest {

    @ParameterizedTest
    @CsvSource({
            "999, 1000",
            "9, 10",
            "111, 4421584500000000017450439091",
            "000000000000000000027, 000000000000000000100",
            "4421584500000000017450439091, 4421584500000000017450439092"
    })
    void compareTo_ordersNumerically_whateverTheLengths(String earlier, String later) {
        SequenceNumber a = SequenceNumber.parse(earlier);
        SequenceNumber b = SequenceNumber.parse(later);

        assertTrue(b.isAfter(a));
        assertFalse(a.isAfter(b));
        assertTrue(a.padded().compareTo(b.padded()) < 0, "padded text order must be numeric order");
    }

    @Test
    void padded_isFortyDigits_andEqualForEqualNumbers() {
        assertEquals("0000000000000000000000000000000000000111", SequenceNumber.parse("111").padded());
        assertEquals(0, SequenceNumber.parse("0111").compareTo(SequenceNumber.parse("111")));
        assertEquals(SequenceNumber.parse("111"), SequenceNumber.parse("0111"));
        assertEquals(SequenceNumber.parse("111").hashCode(), SequenceNumber.parse("0111").hashCode());
        assertEquals(40, SequenceNumber.parse("1".repeat(40)).padded().length());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"12a", "-1", "1.5", " 1", "1e5", "١٢٣", "11111111111111111111111111111111111111111"})
    void parse_rejectsAnythingButOneToFortyDecimalDigits(String value) {
        assertThrows(MalformedRecordException.class, () -> SequenceNumber.parse(value));
    }
}
