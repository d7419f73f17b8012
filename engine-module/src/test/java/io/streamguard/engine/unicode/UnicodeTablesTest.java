package io.streamguard.engine.unicode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link UnicodeTables} equals the running JDK's Unicode data for every UTF-16 unit. The tables hold Unicode 16
 * (JDK 25); on an older JDK, units it does not know are left out of the comparison.
 */
class UnicodeTablesTest {

    private static final boolean OLDER_JDK = Runtime.version().feature() < 25;

    @Test
    void theTablesAreTheJdksCaseMappingsAndLetters() {
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < 0x10000; i++) {
            char c = (char) i;
            if (OLDER_JDK && Character.getType(c) == Character.UNASSIGNED) {
                continue;
            }
            String upper = String.valueOf(c).toUpperCase(Locale.ROOT);
            char full = upper.length() == 1 ? upper.charAt(0) : c;
            if (UnicodeTables.toUpperCase(c) != Character.toUpperCase(c)
                    || UnicodeTables.toLowerCase(c) != Character.toLowerCase(c)
                    || UnicodeTables.toFullUpperCaseUnit(c) != full
                    || UnicodeTables.isLetterOrDigit(c) != Character.isLetterOrDigit(c)) {
                differ.add(Integer.toHexString(i));
            }
        }
        assertThat(differ).isEmpty();
    }

    @Test
    void theTablesHoldTheCasesThatMatter() {
        assertThat(UnicodeTables.toUpperCase('a')).isEqualTo('A');
        assertThat(UnicodeTables.toLowerCase('\u212A')).isEqualTo('k');
        assertThat(UnicodeTables.toUpperCase('ß')).isEqualTo('ß');
        assertThat(UnicodeTables.toFullUpperCaseUnit('ß')).isEqualTo('ß');
        assertThat(UnicodeTables.toUpperCase('\u1FB3')).isEqualTo('\u1FBC');
        assertThat(UnicodeTables.toFullUpperCaseUnit('\u1FB3')).isEqualTo('\u1FB3');
        assertThat(UnicodeTables.isLetterOrDigit('é')).isTrue();
        assertThat(UnicodeTables.isLetterOrDigit('-')).isFalse();
    }
}
