package dev.mpujanitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.ports.BucketRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureRecordsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final FailureRecords records = new FailureRecords(new PrintStream(out, true, StandardCharsets.UTF_8));

    @Test
    void aDefectIsOneJsonLineWithTheBucketItsAccountTheWholeChainAndTheStackTrace() throws Exception {
        IllegalStateException failure = new IllegalStateException("the merge lost a rule", new ArithmeticException("overflow"));

        records.unexpected(Optional.of("222222222222"), BucketRef.of("data", "eu-west-1"), "bucket", failure);

        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(written.lines()).hasSize(1);
        JsonNode record = new ObjectMapper().readTree(written);
        assertThat(record.get("record").asText()).isEqualTo("error");
        assertThat(record.get("account").asText()).isEqualTo("222222222222");
        assertThat(record.get("bucket").asText()).isEqualTo("data");
        assertThat(record.get("region").asText()).isEqualTo("eu-west-1");
        assertThat(record.get("stage").asText()).isEqualTo("bucket");
        assertThat(record.get("exceptions")).extracting(link -> link.get("type").asText() + ": " + link.get("message").asText())
                .containsExactly("java.lang.IllegalStateException: the merge lost a rule", "java.lang.ArithmeticException: overflow");
        assertThat(record.get("stackTrace").asText()).contains("FailureRecordsTest.aDefectIsOneJsonLine").contains("Caused by: java.lang.ArithmeticException");
    }

    @Test
    void aRunOverItsOwnAccountAloneNamesNoAccount() throws Exception {
        records.unexpected(Optional.empty(), BucketRef.of("data", "eu-west-1"), "upload-survey", new IllegalStateException());

        assertThat(new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).has("account")).isFalse();
    }
}
