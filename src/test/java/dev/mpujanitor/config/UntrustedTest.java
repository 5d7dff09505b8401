package dev.mpujanitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UntrustedTest {

    @Test
    void everyTerminalControlIsShownAsItsEscapeAndNothingElseChanges() {
        String hostile = "a\u001b]0;owned\u0007b\rc\u0000d\u007fe\u009bf\u202eg\u2066h\u2069i\u202aj";

        assertThat(Untrusted.escaped(hostile)).isEqualTo("a\\u001b]0;owned\\u0007b\\u000dc\\u0000d\\u007fe\\u009bf\\u202eg\\u2066h\\u2069i\\u202aj");
        assertThat(Untrusted.escaped("données/clé été 2026 \u00a0\\n \uD83D\uDCBE")).isEqualTo("données/clé été 2026 \u00a0\\n \uD83D\uDCBE");
    }

    @Test
    void theBoundsOfEachControlRangeAreEscapedAndTheirNeighboursAreNot() {
        for (char control : List.of('\u001f', '\u007f', '\u009f', '\u202a', '\u202e', '\u2066', '\u2069')) {
            assertThat(Untrusted.escaped(String.valueOf(control))).as("U+%04X", (int) control).isEqualTo(String.format("\\u%04x", (int) control));
        }
        for (char plain : List.of(' ', '~', '\u00a0', '\u2029', '\u202f', '\u2065', '\u206a')) {
            assertThat(Untrusted.escaped(String.valueOf(plain))).as("U+%04X", (int) plain).isEqualTo(String.valueOf(plain));
        }
    }

    @Test
    void aLongValueIsQuotedByItsFirstHundredCharactersAndItsLength() {
        String payload = "x".repeat(300_000);

        String quoted = Untrusted.quoted(payload);

        assertThat(quoted).isEqualTo("'" + "x".repeat(100) + "'... (300000 characters)");
    }

    @Test
    void aShortValueIsQuotedWholeWithItsControlsEscaped() {
        assertThat(Untrusted.quoted("lo\u001b[2Jts")).isEqualTo("'lo\\u001b[2Jts'");
        assertThat(Untrusted.quoted("y".repeat(100))).isEqualTo("'" + "y".repeat(100) + "'");
    }

    @Test
    void aValueThatIsNotTextIsShownUnquotedAndAsShort() {
        assertThat(Untrusted.quoted(null)).isEqualTo("absent");
        assertThat(Untrusted.quoted(42)).isEqualTo("42");
        assertThat(Untrusted.quoted(List.of("z".repeat(200)))).startsWith("[zzz").endsWith("... (202 characters)").hasSize(100 + "... (202 characters)".length());
    }

    @Test
    void theCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String disks = "a" + "\uD83D\uDCBE".repeat(60);

        assertThat(Untrusted.quoted(disks)).startsWith("'a" + "\uD83D\uDCBE".repeat(49) + "'...");
    }
}
