package dev.mpujanitor.report;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mpujanitor.config.Untrusted;
import java.io.UncheckedIOException;

/** One configured mapper for every line we print; building one per line would cost more than the line. */
final class Json {

    /**
     * Decimals as written, never in exponent form: a cost reads 0.00056153, not 5.6153E-4. A terminal control in a text
     * a server sent is written as JSON's own escape, as C0 always is: the value reads back the same, and a line printed
     * on a terminal cannot command it.
     */
    static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactoryBuilder().characterEscapes(new TerminalControls()).build())
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private Json() {
    }

    /** JSON's escapes, and {@code &#92;uXXXX} for DEL, C1 and the bidi controls besides. */
    private static final class TerminalControls extends CharacterEscapes {
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        TerminalControls() {
            ascii[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            return Untrusted.isControl(c) ? new SerializedString(Untrusted.escaped(Character.toString(c))) : null;
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String line(Object document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
