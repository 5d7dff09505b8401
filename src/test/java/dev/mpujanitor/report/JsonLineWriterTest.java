package dev.mpujanitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLineWriterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final JsonLineWriter writer = new JsonLineWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @Test
    void aLineGivenUpHalfwayIsNotSentAndTheNextLineOfTheSameThreadIsWhole() {
        writer.line(json -> json.writeString("first"));
        assertThatThrownBy(() -> writer.line(json -> {
            json.writeStartObject();
            json.writeStringField("bucket", "half");
            throw new IllegalStateException("a field could not be written");
        })).hasMessage("a field could not be written");
        writer.line(json -> {
            json.writeStartObject();
            json.writeStringField("bucket", "next");
            json.writeEndObject();
        });
        writer.flush();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\"first\"\n{\"bucket\":\"next\"}\n");
    }
}
